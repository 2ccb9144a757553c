import { BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { mapWithConcurrency, type ReadingItem } from '@energy/core';
import { WRITE_SETTINGS } from '../constants.js';
import { UnwrittenReadingsError } from '../errors.js';
import { type BackoffSettings, fullJitterDelay, sleep } from './retryBackoff.js';

/** How to write. Defaults: {@link WRITE_SETTINGS}. */
export type BatchWriteOptions = Partial<BackoffSettings> & {
  /** Table name. */
  tableName: string;
  /** Items per call, at most 25. */
  batchSize?: number;
  /** Calls in flight. */
  concurrency?: number;
  /** Attempts per batch while UnprocessedItems remain. */
  maxAttempts?: number;
  /** Waits between attempts (injectable so tests need not wait). */
  sleep?: (ms: number) => Promise<void>;
  /** Jitter source in [0, 1). */
  random?: () => number;
};

type PutRequest = { PutRequest: { Item: Record<string, unknown> } };

async function writeBatch(
  ddb: DynamoDBDocumentClient,
  requests: PutRequest[],
  options: Required<Omit<BatchWriteOptions, 'tableName'>> & { tableName: string },
): Promise<void> {
  let pending = requests;
  for (let attempt = 1; ; attempt++) {
    // Throttling *exceptions* and 5xx are retried inside the SDK; what reaches us is either an
    // error after its retries (propagated: the message fails) or a partial success to finish here.
    const output = await ddb.send(new BatchWriteCommand({ RequestItems: { [options.tableName]: pending } }));
    const unprocessed = (output.UnprocessedItems?.[options.tableName] ?? []) as PutRequest[];
    if (unprocessed.length === 0) return;
    if (attempt >= options.maxAttempts) throw new UnwrittenReadingsError(unprocessed.length, attempt);
    pending = unprocessed;
    await options.sleep(fullJitterDelay(attempt, options, options.random));
  }
}

/**
 * Writes items with BatchWriteItem, 25 per call and several calls in flight, retrying
 * `UnprocessedItems` with exponential backoff and full jitter. Items must have distinct
 * keys (see `dedupeReadings`). Writes are idempotent puts, so a failed call can be
 * repeated whole by redelivering the message.
 *
 * @example
 * await batchWriteReadings(ddb, items, { tableName: 'energy-dev-readings' });
 * @throws {@link UnwrittenReadingsError} when a batch is still partly unprocessed after `maxAttempts`;
 * the SDK's own error when a call fails outright.
 */
export async function batchWriteReadings(
  ddb: DynamoDBDocumentClient,
  // Any items with distinct keys: the summary contributions are written the same way.
  items: readonly ReadingItem[] | readonly Record<string, unknown>[],
  options: BatchWriteOptions,
): Promise<void> {
  const settings = {
    batchSize: Math.min(options.batchSize ?? WRITE_SETTINGS.batchSize, WRITE_SETTINGS.batchSize),
    concurrency: options.concurrency ?? WRITE_SETTINGS.concurrency,
    maxAttempts: options.maxAttempts ?? WRITE_SETTINGS.maxAttempts,
    baseDelayMs: options.baseDelayMs ?? WRITE_SETTINGS.baseDelayMs,
    maxDelayMs: options.maxDelayMs ?? WRITE_SETTINGS.maxDelayMs,
    sleep: options.sleep ?? sleep,
    random: options.random ?? Math.random,
    tableName: options.tableName,
  };
  const batches: PutRequest[][] = [];
  for (let start = 0; start < items.length; start += settings.batchSize) {
    batches.push(
      items.slice(start, start + settings.batchSize).map((item) => ({ PutRequest: { Item: item } })),
    );
  }
  await mapWithConcurrency(batches, settings.concurrency, (batch) => writeBatch(ddb, batch, settings));
}
