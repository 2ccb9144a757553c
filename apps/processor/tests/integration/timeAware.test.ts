import { GetObjectCommand, PutBucketVersioningCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { DeleteMessageCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { BatchWriteCommand, type DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { type LocalStack, startLocalStack } from '@energy/local-stack';
import type { SQSEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTINUATION_TYPE } from '../../src/ingest/continuation.js';
import { processBatch } from '../../src/ingest/processBatch.js';
import { quarantineKeys } from '../../src/ingest/quarantine.js';
import { decodeS3Key } from '../../src/notification/decodeS3Key.js';
import type { ProcessorContext } from '../../src/types.js';
import { captureLogs } from '../helpers/captureLogs.js';
import { contributedCount } from '../helpers/contributions.js';
import { lambdaContext, s3NotificationBody, sqsRecord } from '../helpers/factories.js';
import { stackContext } from '../helpers/stackContext.js';

// processBatch (what the handler runs) against moto with real SDK calls. The invocation's
// remaining time is the one thing faked: a Lambda context whose clock the test drives, so that
// "the deadline arrives after segment 1" is exact instead of a race against the machine's load.
// The real-time proof (the built bundle, a 30 s timeout, a 60 MB file) is in `pnpm bench`.

let stack: LocalStack;

beforeAll(async () => {
  stack = await startLocalStack({ endpoint: null, prefix: 'energy-time' });
  await stack.clients.s3.send(
    new PutBucketVersioningCommand({
      Bucket: stack.names.bucket,
      VersioningConfiguration: { Status: 'Enabled' },
    }),
  );
}, 60_000);

afterAll(async () => {
  await stack?.stop();
});

/** Segments of 1,000 records here (10,000 in the Lambda): the same code, files a tenth the size. */
const SEGMENT = 1_000;
const config = { segmentRecords: SEGMENT };

/** `count` records of `sites` sites, five minutes apart per site; records at `bad` are invalid. */
function fileOf(prefix: string, count: number, sites: number, bad: readonly number[] = []): string {
  const base = Date.UTC(2025, 1, 16);
  const records = Array.from({ length: count }, (_, i) =>
    bad.includes(i)
      ? {
          site_id: `${prefix}#bad`,
          timestamp: '2025-02-16T00:00:00Z',
          energy_generated_kwh: 1,
          energy_consumed_kwh: 1,
        }
      : {
          site_id: `${prefix}-${i % sites}`,
          timestamp: new Date(base + Math.floor(i / sites) * 300_000).toISOString(),
          energy_generated_kwh: (i % 97) / 10,
          energy_consumed_kwh: (i % 89) / 10,
        },
  );
  return JSON.stringify(records);
}

/** Puts an object and takes its S3 notification off the ingest queue. */
async function putAndReceive(key: string, body: string): Promise<{ versionId: string; body: string }> {
  const put = await stack.clients.s3.send(
    new PutObjectCommand({ Bucket: stack.names.bucket, Key: key, Body: body }),
  );
  const message = await receive((text) => {
    const records =
      (JSON.parse(text) as { Records?: { s3?: { object?: { key?: string } } }[] }).Records ?? [];
    return records.some((record) => decodeS3Key(record.s3?.object?.key ?? '') === key);
  });
  return { versionId: put.VersionId ?? '', body: message };
}

/** Receives (and deletes) the first message whose body matches. */
async function receive(matches: (body: string) => boolean): Promise<string> {
  const until = Date.now() + 20_000;
  while (Date.now() < until) {
    const { Messages = [] } = await stack.clients.sqs.send(
      new ReceiveMessageCommand({ QueueUrl: stack.queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }),
    );
    for (const message of Messages) {
      await stack.clients.sqs.send(
        new DeleteMessageCommand({ QueueUrl: stack.queueUrl, ReceiptHandle: message.ReceiptHandle }),
      );
      if (matches(message.Body ?? '')) return message.Body ?? '';
    }
  }
  throw new Error('no matching message on the ingest queue within 20 s');
}

/**
 * A document client that counts the readings it writes and the contribution writes (one
 * BatchWriteItem of heads per segment here: a segment of these files touches a few hours only).
 */
function countingClient(): { client: DynamoDBDocumentClient; counts: { puts: number; commits: number } } {
  const real = stack.clients.documentClient;
  const counts = { puts: 0, commits: 0 };
  const client = {
    send: (command: unknown) => {
      if (command instanceof BatchWriteCommand) {
        const items = command.input.RequestItems ?? {};
        counts.puts += items[stack.names.readingsTable]?.length ?? 0;
        // A contribution's heads; its LATE markers (these 2025 readings are hours old by the
        // clock) follow in a batch of their own, which is not another commit.
        if (items[stack.names.summaryTable]?.some((request) => request.PutRequest?.Item?.pk !== 'LATE'))
          counts.commits++;
      }
      return real.send(command as never);
    },
  } as unknown as DynamoDBDocumentClient;
  return { client, counts };
}

/** Remaining time: 60 s at the invocation's start (it sizes the margins), then `later()`. */
function remainingTime(later: () => number): () => number {
  let started = false;
  return () => {
    if (started) return later();
    started = true;
    return 60_000;
  };
}

/** A Lambda context whose remaining time the test decides (its first reading: the invocation's start). */
function contextWithRemaining(remaining: () => number) {
  return { ...lambdaContext(), getRemainingTimeInMillis: remaining };
}

function event(...bodies: string[]): SQSEvent {
  return { Records: bodies.map((body, index) => sqsRecord(body, `m-${index}`)) };
}

async function storedCount(prefix: string): Promise<number> {
  let count = 0;
  let start: Record<string, unknown> | undefined;
  do {
    const page = await stack.clients.documentClient.send(
      new ScanCommand({
        TableName: stack.names.readingsTable,
        FilterExpression: 'begins_with(site_id, :prefix)',
        ExpressionAttributeValues: { ':prefix': `${prefix}-` },
        Select: 'COUNT',
        ExclusiveStartKey: start,
      }),
    );
    count += page.Count ?? 0;
    start = page.LastEvaluatedKey;
  } while (start);
  return count;
}

async function readJson(key: string): Promise<Record<string, unknown>> {
  const object = await stack.clients.s3.send(new GetObjectCommand({ Bucket: stack.names.bucket, Key: key }));
  return JSON.parse((await object.Body?.transformToString()) ?? '{}') as Record<string, unknown>;
}

describe('Function: processBatch (time-aware, on the emulator)', () => {
  it('stops at a segment boundary before the deadline, hands on "object, version, from segment 2", and the continuation completes the file without redoing a segment', async () => {
    // Prepare: 2,500 records = segments of 1,000, 1,000, 500; one bad record in segments 0 and 2.
    const key = 'readings/big/boundary.json';
    const { versionId, body } = await putAndReceive(
      key,
      fileOf('tb', 2.5 * SEGMENT, 50, [3, 2 * SEGMENT + 4]),
    );
    const { client, counts } = countingClient();
    const context: ProcessorContext = stackContext(stack, { ddb: client }, config);
    // Plenty of time until segment 1 has written its contribution (2 commits), then 4 s: under the stop margin.
    const remaining = remainingTime(() => (counts.commits < 2 ? 60_000 : 4_000));

    // Act
    const firstResponse = await processBatch(context, event(body), contextWithRemaining(remaining));
    const continuation = await receive((text) => text.includes(CONTINUATION_TYPE));
    const putsBeforeContinuation = counts.puts;
    const secondResponse = await processBatch(
      context,
      event(continuation),
      contextWithRemaining(() => 60_000),
    );

    // Assess: the first message was acknowledged and handed on exactly where it stopped...
    expect(firstResponse).toStrictEqual({ batchItemFailures: [] });
    expect(JSON.parse(continuation)).toMatchObject({
      type: CONTINUATION_TYPE,
      objects: [{ bucket: stack.names.bucket, key, versionId, fromSegment: 2 }],
    });
    expect(putsBeforeContinuation).toBe(2 * SEGMENT - 1);
    // ...the continuation did the rest and nothing twice...
    expect(secondResponse).toStrictEqual({ batchItemFailures: [] });
    expect(counts.puts).toBe(2.5 * SEGMENT - 2);
    expect(await storedCount('tb')).toBe(2.5 * SEGMENT - 2);
    // ...each segment's rejects sit in the version's folder, and the summary counts every reading once.
    const keys = quarantineKeys(stack.settings.storage.quarantinePrefix, { key, versionId });
    expect(await readJson(keys.rejects(0))).toMatchObject({ segment: 0, rejected: 1, stored: SEGMENT - 1 });
    expect(await readJson(keys.rejects(2))).toMatchObject({
      segment: 2,
      rejected: 1,
      stored: SEGMENT / 2 - 1,
    });
    expect(await contributedCount(stack, key, '2025-02-16')).toBe(2.5 * SEGMENT - 2);
  }, 120_000);

  it('stops inside a segment at the stop margin, and the continuation redoes that segment only', async () => {
    // Prepare: segments of 3,000 (three write rounds each), 6,000 records; time runs short once
    // 3,500 readings are sent, inside segment 1 (the round in flight then completes).
    const size = 3 * SEGMENT;
    const key = 'readings/big/inside.json';
    const { body } = await putAndReceive(key, fileOf('ti', 2 * size, 40));
    const { client, counts } = countingClient();
    const context = stackContext(stack, { ddb: client }, { segmentRecords: size });
    const remaining = remainingTime(() => (counts.puts < 3.5 * SEGMENT ? 60_000 : 4_000));

    // Act
    const firstResponse = await processBatch(context, event(body), contextWithRemaining(remaining));
    const putsBeforeContinuation = counts.puts;
    const continuation = await receive((text) => text.includes(CONTINUATION_TYPE));
    const secondResponse = await processBatch(
      context,
      event(continuation),
      contextWithRemaining(() => 60_000),
    );

    // Assess
    expect(firstResponse).toStrictEqual({ batchItemFailures: [] });
    expect(putsBeforeContinuation).toBeGreaterThan(size);
    expect(putsBeforeContinuation).toBeLessThan(2 * size);
    expect(JSON.parse(continuation).objects[0].fromSegment).toBe(1);
    expect(secondResponse).toStrictEqual({ batchItemFailures: [] });
    expect(await storedCount('ti')).toBe(2 * size);
    // Segment 0 was not written again: only what segment 1 had written before the stop was redone.
    expect(counts.puts).toBe(putsBeforeContinuation + size);
    // Segment 1's contribution was written once, when it completed (not by the stopped attempt).
    expect(await contributedCount(stack, key, '2025-02-16')).toBe(2 * size);
  }, 120_000);

  it('fails the message instead of handing on a continuation when no segment could complete, naming bucket and key', async () => {
    // Prepare: from the start, less time than the stop margin.
    const key = 'readings/big/no-progress.json';
    const { body } = await putAndReceive(key, fileOf('tn', 100, 10));
    const capture = captureLogs();
    const context = stackContext(stack, { logger: capture.logger }, config);
    const remaining = remainingTime(() => 3_000);

    // Act
    const response = await processBatch(context, event(body), contextWithRemaining(remaining)).finally(
      capture.restore,
    );

    // Assess
    expect(response).toStrictEqual({ batchItemFailures: [{ itemIdentifier: 'm-0' }] });
    const failure = capture.lines.find((line) => line.message.startsWith('message failed'));
    expect(failure).toMatchObject({ level: 'ERROR', messageId: 'm-0', bucket: stack.names.bucket, key });
    expect(await storedCount('tn')).toBe(0);
  }, 60_000);

  it('reports only a stalled message as failed; the healthy ones of its batch are stored and acknowledged', async () => {
    // Prepare: moto cannot stall, so the S3 client stalls forever on one key (simulated, said here).
    const healthy = ['readings/batch/ok-1.json', 'readings/batch/ok-2.json'];
    const bodies = [];
    for (const [index, key] of healthy.entries())
      bodies.push((await putAndReceive(key, fileOf(`ts${index}`, 30, 3))).body);
    const stalled = (await putAndReceive('readings/batch/stalled.json', fileOf('tz', 30, 3))).body;
    const realS3 = stack.clients.s3;
    const s3 = {
      send: (command: { input?: { Key?: string } }) =>
        command.input?.Key === 'readings/batch/stalled.json'
          ? new Promise(() => undefined)
          : realS3.send(command as never),
    } as unknown as typeof realS3;
    const context = stackContext(stack, { s3 }, config);
    const ends = Date.now() + 4_000;

    // Act
    const response = await processBatch(
      context,
      event(bodies[0] as string, stalled, bodies[1] as string),
      contextWithRemaining(() => ends - Date.now()),
    );

    // Assess
    expect(response).toStrictEqual({ batchItemFailures: [{ itemIdentifier: 'm-1' }] });
    expect(await storedCount('ts0')).toBe(30);
    expect(await storedCount('ts1')).toBe(30);
  }, 60_000);
});

describe('Function: processBatch (exact versions and storable numbers, on the emulator)', () => {
  it('stores both versions of a key overwritten before either was processed, and keeps each version’s rejects', async () => {
    // Prepare: two quick puts to one key, each with its own bad record.
    const key = 'readings/overwritten.json';
    const version = (site: string) =>
      JSON.stringify([
        {
          site_id: site,
          timestamp: '2025-02-16T10:00:00Z',
          energy_generated_kwh: 1,
          energy_consumed_kwh: 0.5,
        },
        { site_id: site, timestamp: 'yesterday', energy_generated_kwh: 1, energy_consumed_kwh: 0.5 },
      ]);
    const one = await putAndReceive(key, version('tv-one'));
    const two = await putAndReceive(key, version('tv-two'));

    // Act: both notifications in one batch, after the second put.
    const response = await processBatch(
      stackContext(stack),
      event(one.body, two.body),
      contextWithRemaining(() => 60_000),
    );

    // Assess
    expect(response).toStrictEqual({ batchItemFailures: [] });
    expect(await storedCount('tv')).toBe(2);
    const prefix = stack.settings.storage.quarantinePrefix;
    for (const put of [one, two]) {
      const rejects = await readJson(quarantineKeys(prefix, { key, versionId: put.versionId }).rejects(0));
      expect(rejects).toMatchObject({ rejected: 1, source: { key, versionId: put.versionId } });
    }
  }, 60_000);

  it('quarantines each unstorable or implausible value with its field and reason, and stores the rest of the file', async () => {
    // Prepare: with the bound raised to 2^52, a net of 2^53 becomes possible too.
    const key = 'readings/unstorable.json';
    const good = (minute: number) => ({
      site_id: 'tu-ok-1',
      timestamp: `2025-02-16T10:${String(minute).padStart(2, '0')}:00Z`,
      energy_generated_kwh: 2.5,
      energy_consumed_kwh: -1,
    });
    const bad = (generated: number, consumed = 1) => ({
      site_id: 'tu-bad-1',
      timestamp: '2025-02-16T10:00:00Z',
      energy_generated_kwh: generated,
      energy_consumed_kwh: consumed,
    });
    const text = `[${[
      JSON.stringify(good(0)),
      JSON.stringify(bad(1)).replace('"energy_generated_kwh":1', '"energy_generated_kwh":1e16'),
      JSON.stringify(bad(1)).replace('"energy_generated_kwh":1', '"energy_generated_kwh":1e308'),
      JSON.stringify(bad(1)).replace('"energy_generated_kwh":1', '"energy_generated_kwh":1e-131'),
      JSON.stringify(bad(1)).replace('"energy_generated_kwh":1', '"energy_generated_kwh":5e-324'),
      JSON.stringify(bad(2 ** 52, -(2 ** 52))),
      JSON.stringify(bad(2 ** 52 + 2)),
      JSON.stringify(good(1)),
    ].join(',')}]`;
    const { versionId, body } = await putAndReceive(key, text);

    // Act
    const response = await processBatch(
      stackContext(stack, {}, { ...config, maxReadingKwh: 2 ** 52 }),
      event(body),
      contextWithRemaining(() => 60_000),
    );

    // Assess: acknowledged (never retried), the good readings stored, each bad one quarantined with its reason.
    expect(response).toStrictEqual({ batchItemFailures: [] });
    expect(await storedCount('tu-ok')).toBe(2);
    expect(await storedCount('tu-bad')).toBe(0);
    const rejects = (await readJson(
      quarantineKeys(stack.settings.storage.quarantinePrefix, { key, versionId }).rejects(0),
    )) as { rejects: { field: string; reason: string }[] };
    expect(
      rejects.rejects.map((reject) => [
        reject.field,
        reject.reason.replace(/^.*?(2\^53 - 1|smallest magnitude|physical bound).*$/, '$1'),
      ]),
    ).toStrictEqual([
      ['energy_generated_kwh', '2^53 - 1'],
      ['energy_generated_kwh', '2^53 - 1'],
      ['energy_generated_kwh', 'smallest magnitude'],
      ['energy_generated_kwh', 'smallest magnitude'],
      ['net_energy_kwh', '2^53 - 1'],
      ['energy_generated_kwh', 'physical bound'],
    ]);
  }, 60_000);

  it('ignores a lying notification size, and acknowledges a bucket that does not exist with bucket and key logged', async () => {
    // Prepare: a valid 3-reading file announced as 1 TB; a notification naming a bucket that is not there.
    const key = 'readings/lying-size.json';
    await putAndReceive(key, fileOf('tl', 3, 3));
    const lying = s3NotificationBody([{ bucket: stack.names.bucket, key, size: 10 ** 12 }]);
    const nowhere = s3NotificationBody([{ bucket: 'energy-time-no-such-bucket', key: 'readings/x.json' }]);
    const capture = captureLogs();

    // Act
    const response = await processBatch(
      stackContext(stack, { logger: capture.logger }, config),
      event(lying, nowhere),
      contextWithRemaining(() => 60_000),
    ).finally(capture.restore);

    // Assess: both acknowledged (permanent or done), the file stored, the missing bucket logged.
    expect(response).toStrictEqual({ batchItemFailures: [] });
    expect(await storedCount('tl')).toBe(3);
    expect(capture.lines.find((line) => line.message.startsWith('bucket does not exist'))).toMatchObject({
      level: 'ERROR',
      bucket: 'energy-time-no-such-bucket',
      key: 'readings/x.json',
    });
  }, 60_000);
});
