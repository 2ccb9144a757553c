import { PutObjectCommand } from '@aws-sdk/client-s3';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { CostMeter, type RequestLine, stackTables } from '@energy/cost-meter';
import { createStackClients, drainAlertInbox, type LocalStack, startLocalStack } from '@energy/local-stack';
import type { SQSEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALERT_FEED, type AlertFeed } from '../../src/constants.js';
import { DEFAULT_ALERT_FEED } from '../../src/environment.js';
import { processBatch } from '../../src/ingest/processBatch.js';
import { lambdaContext, s3NotificationBody, sqsRecord } from '../helpers/factories.js';
import { stackContext } from '../helpers/stackContext.js';

// The per-reading feed is opt-in (ALERT_FEED): by default an anomalous reading costs ingest
// nothing beyond the reading itself — no alert marker, no publish — so a file full of
// anomalies makes the same requests as a clean one. With ALERT_FEED=readings, today's
// exactly-once path runs and its messages say kind=reading. Real SDK calls on moto, counted
// by the cost meter inside the SDK.

const SITES = 6;
let stack: LocalStack;

beforeAll(async () => {
  stack = await startLocalStack({ endpoint: null, prefix: 'energy-feed' });
});

afterAll(async () => {
  await stack?.stop();
});

/** One tick of {@link SITES} sites in its own hour; every reading faulty when `faulty`. */
function tick(tag: string, hour: number, faulty: boolean) {
  return Array.from({ length: SITES }, (_, i) => ({
    site_id: `${tag}${i}`,
    timestamp: `2025-02-16T${String(hour).padStart(2, '0')}:05:00Z`,
    energy_generated_kwh: faulty ? -1 : 10 + i,
    energy_consumed_kwh: 2.5,
  }));
}

type Ingested = { requests: RequestLine[]; alertsSent: number };

/** Puts the file, processes its notification with `feed`, and returns the requests the processor made. */
async function ingest(key: string, records: unknown[], feed: AlertFeed): Promise<Ingested> {
  await stack.clients.s3.send(
    new PutObjectCommand({ Bucket: stack.names.bucket, Key: key, Body: JSON.stringify(records) }),
  );
  const clients = createStackClients(stack.endpoint, stack.region);
  const meter = new CostMeter({ tables: stackTables(stack.names) });
  for (const client of [clients.s3, clients.documentClient, clients.sns, clients.sqs]) meter.attach(client);
  const context = stackContext(
    stack,
    { s3: clients.s3, ddb: clients.documentClient, sns: clients.sns, sqs: clients.sqs },
    { alertFeed: feed },
  );
  const event: SQSEvent = {
    Records: [sqsRecord(s3NotificationBody([{ bucket: stack.names.bucket, key }]), `m-${key}`)],
  };
  try {
    const response = await processBatch(context, event, lambdaContext());
    expect(response).toStrictEqual({ batchItemFailures: [] });
    const totals = (context.metrics as unknown as { totals: Record<string, number> }).totals;
    return { requests: meter.reading().requests, alertsSent: totals.AlertsSent ?? 0 };
  } finally {
    clients.destroy();
  }
}

/** Requests per (service, operation) with the resource, ms and failures left out: what a file costs. */
function shape(requests: readonly RequestLine[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const line of requests) {
    const name = `${line.service} ${line.operation} ${line.resource.split(/[/:]/).pop()}`;
    out[name] = (out[name] ?? 0) + line.requests;
  }
  return out;
}

/** Every message on the local alert inbox now (and deletes them). */
function drainInbox() {
  return drainAlertInbox(stack.clients.sqs, stack.alertInboxUrl);
}

/** The per-reading feed's markers of a site (pk `ALERT#<site>`). */
async function markers(siteId: string): Promise<number> {
  const { Items } = await stack.clients.documentClient.send(
    new QueryCommand({
      TableName: stack.names.summaryTable,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': `ALERT#${siteId}` },
    }),
  );
  return Items?.length ?? 0;
}

describe('Function: processBatch with ALERT_FEED (on the emulator)', () => {
  it('is off by default: a file of anomalies makes the same requests as a clean one, and publishes nothing', async () => {
    // Act
    const clean = await ingest('readings/feed/clean.json', tick('clean', 10, false), DEFAULT_ALERT_FEED);
    const faulty = await ingest('readings/feed/faulty.json', tick('off', 11, true), DEFAULT_ALERT_FEED);

    // Assess
    expect(DEFAULT_ALERT_FEED).toBe(ALERT_FEED.none);
    expect(shape(faulty.requests)).toStrictEqual(shape(clean.requests));
    expect(faulty.requests.filter((line) => line.service === 'SNS')).toStrictEqual([]);
    expect(faulty.alertsSent).toBe(0);
    expect(await markers('off0')).toBe(0);
    expect(await drainInbox()).toStrictEqual([]);
    const stored = await stack.clients.documentClient.send(
      new QueryCommand({
        TableName: stack.names.readingsTable,
        KeyConditionExpression: 'site_id = :site',
        ExpressionAttributeValues: { ':site': 'off0' },
      }),
    );
    // Still stored and flagged: the alerter reads anomalies from the contributions and the index.
    expect(stored.Items?.map((item) => [item.anomaly, item.anomaly_reasons])).toStrictEqual([
      [true, ['NEGATIVE_GENERATION']],
    ]);
  });

  it('with readings, sends one message per anomalous reading, kind=reading, once', async () => {
    // Act
    const first = await ingest('readings/feed/on.json', tick('on', 12, true), ALERT_FEED.readings);
    const again = await ingest('readings/feed/on.json', tick('on', 12, true), ALERT_FEED.readings);

    // Assess
    const messages = await drainInbox();
    expect(first.alertsSent).toBe(SITES);
    expect(again.alertsSent).toBe(0);
    expect(messages).toHaveLength(SITES);
    expect(messages.map((message) => message.attributes.kind?.Value)).toStrictEqual(
      Array(SITES).fill('reading'),
    );
    expect(messages.map((message) => message.attributes.site_id?.Value).sort()).toStrictEqual(
      Array.from({ length: SITES }, (_, i) => `on${i}`),
    );
    expect(await markers('on0')).toBe(1);
    const publishes = first.requests.filter((line) => line.service === 'SNS');
    expect(publishes.map((line) => [line.operation, line.billed])).toStrictEqual([['PublishBatch', SITES]]);
  });
});
