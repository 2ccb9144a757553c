import {
  BatchGetCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  type PutCommand,
} from '@aws-sdk/lib-dynamodb';
import {
  aggregateKey,
  aggregateReadings,
  enrichReading,
  PendingHourReadings,
  TouchedBuckets,
} from '@energy/core';
import { type LocalStack, startLocalStack } from '@energy/local-stack';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refreshHours } from '../../src/ingest/refreshHours.js';
import { refreshSummaries } from '../../src/ingest/refreshSummaries.js';

// The summary refresh against the emulator with real SDK calls: concurrent writers of the
// same site-hour (as when two files of one hour are processed at once) must not lose
// each other's readings, and a redelivery must not count twice.

let stack: LocalStack;

beforeAll(async () => {
  stack = await startLocalStack();
});

afterAll(async () => {
  await stack?.stop();
});

function reading(site: string, minute: number, second: number, generated: number) {
  return enrichReading({
    site_id: site,
    timestamp: `2025-02-16T21:${String(minute).padStart(2, '0')}:${String(second).padStart(2, '0')}.000Z`,
    energy_generated_kwh: generated,
    energy_consumed_kwh: 1,
  });
}

async function storedAggregate(site: string, bucket: 'hour' | 'day', value: string) {
  const { Item } = await stack.clients.documentClient.send(
    new GetCommand({ TableName: stack.names.summaryTable, Key: aggregateKey(site, bucket, value) }),
  );
  return Item;
}

describe('Function: refreshHours (on the emulator)', () => {
  it('loses no reading when 8 writers merge into the same site-hour at once', async () => {
    // Prepare: 8 "files", each with 5 readings of the same site-hour.
    const files = Array.from({ length: 8 }, (_, file) =>
      Array.from({ length: 5 }, (_, i) => reading('conc1', file, i, file + i / 10)),
    );
    const groups = files.map((readings) => {
      const pending = new PendingHourReadings();
      for (const r of readings) pending.add(r);
      return pending.groups();
    });

    // Every writer's first read waits until all 8 have read: they all merge into the same
    // version, so 7 of them must find it changed and merge again (and again).
    // The puts pass one at a time: DynamoDB checks a condition and writes atomically, but
    // moto's threaded server does not lock between the two, so two concurrent puts could both
    // pass `version = n` there. Serialising them gives the emulator DynamoDB's guarantee.
    const client = stack.clients.documentClient;
    let arrived = 0;
    let release: () => void = () => undefined;
    const allRead = new Promise<void>((resolve) => {
      release = resolve;
    });
    let putChain: Promise<unknown> = Promise.resolve();
    const writer = () => {
      let first = true;
      return {
        send: async (command: BatchGetCommand | PutCommand) => {
          if (!(command instanceof BatchGetCommand)) {
            const result = putChain.then(() => client.send(command));
            putChain = result.catch(() => undefined);
            return result;
          }
          const output = await client.send(command);
          if (first) {
            first = false;
            if (++arrived === 8) release();
            await allRead;
          }
          return output;
        },
      } as unknown as DynamoDBDocumentClient;
    };

    // Act
    const rounds = await Promise.all(
      groups.map((group) => refreshHours(writer(), stack.names.summaryTable, group)),
    );

    // Assess: every reading is in the hour, totals exact; one writer won each round.
    const expected = aggregateReadings(files.flat());
    const item = await storedAggregate('conc1', 'hour', '2025-02-16T21');
    expect(item).toMatchObject({
      count: 40,
      generated_kwh: expected.generated_kwh,
      consumed_kwh: 40,
      net_kwh: expected.net_kwh,
      anomalies: 0,
    });
    expect(Object.keys(item?.readings ?? {}).length).toBe(40);
    expect(item?.version).toBe(8);
    // All read the same (absent) item: exactly one first put won, the other 7 read and merged again.
    expect(rounds.filter((r) => r === 1).length).toBe(1);
    expect(rounds.filter((r) => r > 1).length).toBe(7);
  });
});

describe('Function: refreshSummaries (on the emulator)', () => {
  it('counts a redelivered file once and keeps the day equal to the sum of its hours', async () => {
    // Prepare
    const readings = [
      reading('redo1', 0, 0, 10.1),
      reading('redo1', 30, 0, -1),
      { ...reading('redo1', 0, 0, 3.3), timestamp: '2025-02-16T22:00:00.000Z' },
    ];
    const deliver = async () => {
      const touched = new TouchedBuckets();
      const pending = new PendingHourReadings();
      for (const r of readings) {
        touched.add(r);
        pending.add(r);
      }
      return refreshSummaries(stack.clients.documentClient, stack.names.summaryTable, touched, pending);
    };

    // Act
    const first = await deliver();
    const second = await deliver();

    // Assess
    expect(first).toStrictEqual({ days: 1, staleDays: 0 });
    expect(second).toStrictEqual({ days: 1, staleDays: 0 });
    expect(await storedAggregate('redo1', 'hour', '2025-02-16T21')).toMatchObject({
      count: 2,
      generated_kwh: 9.1,
      anomalies: 1,
    });
    expect(await storedAggregate('redo1', 'hour', '2025-02-16T22')).toMatchObject({
      count: 1,
      generated_kwh: 3.3,
    });
    expect(await storedAggregate('redo1', 'day', '2025-02-16')).toMatchObject({
      count: 3,
      generated_kwh: 12.4,
      consumed_kwh: 3,
      net_kwh: 9.4,
      anomalies: 1,
    });
  });
});
