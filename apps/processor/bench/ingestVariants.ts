import { performance } from 'node:perf_hooks';
import { Logger } from '@aws-lambda-powertools/logger';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { DeleteMessageCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { BatchWriteCommand, PutCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import {
  enrichReading,
  formatCanonical,
  parsePayload,
  READING_LIMITS,
  type ReadingItem,
  toReadingItem,
} from '@energy/core';
import { type LocalStack, startLocalStack } from '@energy/local-stack';
import { systemClock } from '../src/clock.js';
import { SEGMENT_SETTINGS, WRITE_SETTINGS } from '../src/constants.js';
import { DEFAULT_ALERT_FEED, type ProcessorConfig } from '../src/environment.js';
import { type IngestContext, startInvocation } from '../src/ingest/invocation.js';
import { processMessage } from '../src/ingest/processMessage.js';
import { decodeS3Key } from '../src/notification/decodeS3Key.js';
import type { IngestReport, MetricsSink, ProcessorContext } from '../src/types.js';

/** One timed run of one variant. */
export type VariantRun = {
  /** Readings written. */
  readings: number;
  /** Wall time, ms. */
  ms: number;
  /** Readings per second. */
  readingsPerSecond: number;
};

/** What a processor run reports beyond its time. */
export type ProcessorRun = VariantRun & {
  /** The processor's own report of the file. */
  report: IngestReport;
  /** AWS API calls the run made, by operation (`BatchWriteItem`, `GetObject`, …). */
  calls: Record<string, CallStats>;
};

/** Calls of one API operation. */
export type CallStats = {
  /** Number of calls (SDK retries included). */
  count: number;
  /** Sum of their latencies, ms; calls overlap, so this can exceed the run's wall time. */
  ms: number;
};

/** A client whose middleware stack can take one more step (every AWS SDK v3 client). */
type InstrumentableClient = {
  middlewareStack: {
    add: (
      middleware: (
        next: (args: unknown) => Promise<unknown>,
        context: { commandName?: string },
      ) => (args: unknown) => Promise<unknown>,
      options: { step: 'initialize'; name: string },
    ) => void;
    remove: (name: string) => boolean;
  };
};

const CALL_COUNTER = 'benchCallCounter';

/**
 * Counts the API calls made through `clients`, by operation, until `stop()` — what the
 * processor does per reading beyond the floor's BatchWriteItem calls, independent of speed.
 */
function countCalls(clients: readonly InstrumentableClient[]): {
  calls: Record<string, CallStats>;
  stop: () => void;
} {
  const calls: Record<string, CallStats> = {};
  for (const client of clients) {
    client.middlewareStack.add(
      (next, context) => async (args) => {
        const operation = (context.commandName ?? 'unknown').replace(/Command$/, '');
        const stats = calls[operation] ?? { count: 0, ms: 0 };
        calls[operation] = stats;
        const started = performance.now();
        try {
          return await next(args);
        } finally {
          stats.count++;
          stats.ms += performance.now() - started;
        }
      },
      { step: 'initialize', name: CALL_COUNTER },
    );
  }
  return {
    calls,
    stop: () => {
      for (const client of clients) client.middlewareStack.remove(CALL_COUNTER);
    },
  };
}

/** A metrics sink that adds up what the processor records (Powertools Metrics would print EMF). */
export function countingMetrics(): MetricsSink & { counts: Record<string, number> } {
  const counts: Record<string, number> = {};
  // Metrics.addMetric returns the Metrics instance for chaining; nothing here chains.
  return {
    counts,
    addMetric(name: string, _unit: unknown, value: number) {
      counts[name] = (counts[name] ?? 0) + value;
    },
  } as MetricsSink & { counts: Record<string, number> };
}

/**
 * The processor's context on a stack, bound to its clients and names as the handler builds it
 * from the stack's environment (tests use it too, with their own overrides).
 */
export function stackProcessorContext(
  stack: LocalStack,
  overrides: Partial<ProcessorContext> = {},
  config: Partial<ProcessorConfig> = {},
): ProcessorContext {
  return {
    s3: stack.clients.s3,
    ddb: stack.clients.documentClient,
    sns: stack.clients.sns,
    sqs: stack.clients.sqs,
    config: {
      readingsTable: stack.names.readingsTable,
      summaryTable: stack.names.summaryTable,
      alertTopicArn: stack.topicArn,
      alertFeed: DEFAULT_ALERT_FEED,
      quarantinePrefix: stack.settings.storage.quarantinePrefix,
      maxFileBytes: stack.settings.processor.maxFileBytes,
      maxReadingKwh: READING_LIMITS.maxAbsKwh,
      segmentRecords: SEGMENT_SETTINGS.records,
      ingestQueueUrl: stack.queueUrl,
      ...config,
    },
    logger: quietLogger(),
    metrics: countingMetrics(),
    clock: systemClock,
    ...overrides,
  };
}

/** {@link stackProcessorContext} in an invocation without a deadline (the bench times the work, it does not cut it). */
function ingestContext(stack: LocalStack): IngestContext {
  return startInvocation(stackProcessorContext(stack)).context;
}

/** A fresh emulator of its own with every resource provisioned: no variant sees another's items. */
export function freshStack(): Promise<LocalStack> {
  return startLocalStack({ endpoint: null, prefix: 'energy-bench' });
}

/**
 * Puts `body` in the stack's raw bucket and returns the S3 notification that moto then
 * queues, deleted from the queue (it is handed to the processor directly, without the
 * event source's batching window). The `s3:TestEvent` and other keys are skipped; moto
 * URL-encodes keys (`/` too), as S3 does.
 */
async function uploadAndReceive(stack: LocalStack, key: string, body: Uint8Array | string) {
  await stack.clients.s3.send(new PutObjectCommand({ Bucket: stack.resources.bucket, Key: key, Body: body }));
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const { Messages = [] } = await stack.clients.sqs.send(
      new ReceiveMessageCommand({ QueueUrl: stack.queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }),
    );
    for (const message of Messages) {
      await stack.clients.sqs.send(
        new DeleteMessageCommand({ QueueUrl: stack.queueUrl, ReceiptHandle: message.ReceiptHandle }),
      );
      const body = JSON.parse(message.Body ?? '{}') as { Records?: { s3?: { object?: { key?: string } } }[] };
      const announced = body.Records?.[0]?.s3?.object?.key;
      if (announced !== undefined && decodeS3Key(announced) === key)
        return { messageId: message.MessageId ?? 'bench', body: message.Body ?? '' };
    }
  }
  throw new Error(`no S3 notification for ${key} within 30 s`);
}

/** A logger that prints only warnings and errors, so the bench's progress lines stay readable. */
export function quietLogger(): Logger {
  return new Logger({ serviceName: 'processor-bench', logLevel: 'WARN' });
}

/**
 * The processor: the real S3 notification through `processMessage` (what the handler calls
 * per SQS record) — GetObject stream, parse, validate, enrich, BatchWriteItem writes, alerts
 * and summary aggregates, exactly as in the Lambda.
 */
export async function runProcessor(stack: LocalStack, key: string, body: string): Promise<ProcessorRun> {
  const message = await uploadAndReceive(stack, key, body);
  const context = ingestContext(stack);
  const { clients } = stack;
  const counter = countCalls([
    clients.s3,
    clients.dynamodb,
    clients.sns,
  ] as unknown as InstrumentableClient[]);
  const started = performance.now();
  const outcome = await processMessage(context, message).finally(counter.stop);
  const ms = performance.now() - started;
  if (outcome.kind !== 'files' || outcome.reports.length !== 1) {
    throw new Error(`processor: unexpected outcome ${JSON.stringify(outcome)}`);
  }
  const report = outcome.reports[0] as IngestReport;
  return {
    readings: report.stored,
    ms,
    readingsPerSecond: (report.stored / ms) * 1000,
    report,
    calls: counter.calls,
  };
}

/**
 * The items the processor stores for `body`, computed up front so that the floor and the
 * one-PutItem variant time the writes only.
 */
export function readingItemsOf(key: string, body: string): ReadingItem[] {
  const ingestedAt = formatCanonical(Date.now());
  return parsePayload(body).readings.map((reading) =>
    toReadingItem(enrichReading(reading), { sourceKey: key, ingestedAt }),
  );
}

/**
 * The floor: the same items with plain BatchWriteItem calls from the SDK's document client,
 * 25 per call, as many calls in flight as the processor allows itself
 * (`WRITE_SETTINGS.concurrency`), nothing else — no read, no parse, no aggregates.
 */
export async function runBatchWriteFloor(
  stack: LocalStack,
  items: readonly ReadingItem[],
): Promise<VariantRun> {
  const table = stack.names.readingsTable;
  const batches: ReadingItem[][] = [];
  for (let at = 0; at < items.length; at += WRITE_SETTINGS.batchSize) {
    batches.push(items.slice(at, at + WRITE_SETTINGS.batchSize));
  }
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < batches.length) {
      const batch = batches[next++] as ReadingItem[];
      const output = await stack.clients.documentClient.send(
        new BatchWriteCommand({ RequestItems: { [table]: batch.map((Item) => ({ PutRequest: { Item } })) } }),
      );
      // moto never returns UnprocessedItems; if it ever did, this floor would be wrong, not slow.
      if (Object.keys(output.UnprocessedItems ?? {}).length > 0) throw new Error('floor: UnprocessedItems');
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: WRITE_SETTINGS.concurrency }, worker));
  const ms = performance.now() - started;
  return { readings: items.length, ms, readingsPerSecond: (items.length / ms) * 1000 };
}

/** The original's way: one PutItem per reading, one after the other. */
export async function runPutItemEach(stack: LocalStack, items: readonly ReadingItem[]): Promise<VariantRun> {
  const started = performance.now();
  for (const Item of items) {
    await stack.clients.documentClient.send(new PutCommand({ TableName: stack.names.readingsTable, Item }));
  }
  const ms = performance.now() - started;
  return { readings: items.length, ms, readingsPerSecond: (items.length / ms) * 1000 };
}

/** Items in the readings table (paged Scan with COUNT): a run that lost readings must not look fast. */
export async function countStoredReadings(stack: LocalStack): Promise<number> {
  let count = 0;
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await stack.clients.documentClient.send(
      new ScanCommand({ TableName: stack.names.readingsTable, Select: 'COUNT', ExclusiveStartKey: startKey }),
    );
    count += page.Count ?? 0;
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return count;
}
