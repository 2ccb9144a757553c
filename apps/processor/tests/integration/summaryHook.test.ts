import { PutObjectCommand } from '@aws-sdk/client-s3';
import { sumExact } from '@energy/core';
import { type LocalStack, startLocalStack } from '@energy/local-stack';
import type { SQSEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { processBatch } from '../../src/ingest/processBatch.js';
import { contributedCount, contributionHeads } from '../helpers/contributions.js';
import { lambdaContext, s3NotificationBody, sqsRecord } from '../helpers/factories.js';
import { stackContext } from '../helpers/stackContext.js';

// The processor's summary hook against the emulator with real SDK calls: each stored reading
// goes into its file's contribution, written once the readings it covers are stored. Files
// processed at once must not lose each other's readings, and a redelivery must not count twice.
// (The roll-up of contributions into hours and days is the summarizer's, tested with it.)

let stack: LocalStack;

beforeAll(async () => {
  stack = await startLocalStack({ endpoint: null, prefix: 'energy-hook' });
});

afterAll(async () => {
  await stack?.stop();
});

function reading(site: string, minute: number, second: number, generated: number) {
  return {
    site_id: site,
    timestamp: `2025-02-16T21:${String(minute).padStart(2, '0')}:${String(second).padStart(2, '0')}Z`,
    energy_generated_kwh: generated,
    energy_consumed_kwh: 1,
  };
}

async function put(key: string, records: unknown[]): Promise<string> {
  await stack.clients.s3.send(
    new PutObjectCommand({ Bucket: stack.names.bucket, Key: key, Body: JSON.stringify(records) }),
  );
  return s3NotificationBody([{ bucket: stack.names.bucket, key }]);
}

function event(bodies: string[]): SQSEvent {
  return { Records: bodies.map((body, index) => sqsRecord(body, `m-${index}`)) };
}

describe('Function: processBatch → writeContribution (on the emulator)', () => {
  it('loses no reading when 8 files of the same site-hour are processed at once', async () => {
    // Prepare: 8 files, each with 5 readings of one site-hour, in one batch (processed in parallel).
    const files = Array.from({ length: 8 }, (_, file) =>
      Array.from({ length: 5 }, (_, i) => reading('conc1', file, i, file + i / 10)),
    );
    const keys = files.map((_, file) => `readings/conc/${file}.json`);
    const bodies = await Promise.all(files.map((records, file) => put(keys[file] as string, records)));

    // Act
    const response = await processBatch(stackContext(stack), event(bodies), lambdaContext());

    // Assess: one head per file, each with its own readings; together all 40, totals exact.
    expect(response).toStrictEqual({ batchItemFailures: [] });
    const heads = (await Promise.all(keys.map((key) => contributionHeads(stack, key, '2025-02-16')))).flat();
    expect(heads).toHaveLength(8);
    expect(heads.map((head) => head.count)).toStrictEqual([5, 5, 5, 5, 5, 5, 5, 5]);
    expect(sumExact(heads.map((head) => head.generated_kwh))).toBe(
      sumExact(files.flat().map((r) => r.energy_generated_kwh)),
    );
  });

  it('writes the same contribution again when a file is delivered twice: counted once', async () => {
    // Prepare: two hours, one faulty value.
    const key = 'readings/redo/1.json';
    const body = await put(key, [
      reading('redo1', 0, 0, 10.1),
      reading('redo1', 30, 0, -1),
      { ...reading('redo1', 0, 0, 3.3), timestamp: '2025-02-16T22:00:00Z' },
    ]);
    const heads = async () =>
      (await contributionHeads(stack, key, '2025-02-16')).map(({ ingested_at: _at, ...head }) => head);

    // Act
    await processBatch(stackContext(stack), event([body]), lambdaContext());
    const first = await heads();
    await processBatch(stackContext(stack), event([body]), lambdaContext());
    const second = await heads();

    // Assess
    expect(first.map((head) => [head.hour, head.count])).toStrictEqual([
      ['2025-02-16T21', 2],
      ['2025-02-16T22', 1],
    ]);
    expect(second).toStrictEqual(first);
    expect(await contributedCount(stack, key, '2025-02-16')).toBe(3);
  });
});
