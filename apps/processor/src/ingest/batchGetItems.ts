import { BatchGetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { mapWithConcurrency } from '@energy/core';
import { TransientIngestError } from '../errors.js';
import { type BackoffSettings, fullJitterDelay, sleep as wait } from './retryBackoff.js';

/** How to read. */
export type BatchGetOptions = {
  /** Strongly consistent reads (default true: a read-modify-write must see the last write). */
  consistent?: boolean;
  /** Attributes to return (a ProjectionExpression; names with `#` need `names`). */
  projection?: string;
  /** Expression attribute names of the projection. */
  names?: Record<string, string>;
  /** Attempts while DynamoDB returns UnprocessedKeys. Default 8. */
  maxAttempts?: number;
  /** Waits between attempts (injectable). */
  sleep?: (ms: number) => Promise<void>;
};

const BACKOFF: BackoffSettings = { baseDelayMs: 50, maxDelayMs: 2_000 };
const KEYS_PER_CALL = 100;
const CONCURRENCY = 4;

/**
 * Reads items by key with BatchGetItem, 100 keys per call and 4 calls in flight, retrying `UnprocessedKeys`
 * with backoff. Returns the items found, keyed by `"<pk>\u0000<sk>"`.
 *
 * @example
 * const found = await batchGetItems(ddb, 'energy-dev-summary', keys);
 */
export async function batchGetItems(
  ddb: DynamoDBDocumentClient,
  tableName: string,
  keys: ReadonlyArray<{ pk: string; sk: string }>,
  options: BatchGetOptions = {},
): Promise<Map<string, Record<string, unknown>>> {
  const found = new Map<string, Record<string, unknown>>();
  const sleep = options.sleep ?? wait;
  const maxAttempts = options.maxAttempts ?? 8;
  const chunks: Array<Array<Record<string, unknown>>> = [];
  for (let start = 0; start < keys.length; start += KEYS_PER_CALL) {
    chunks.push(keys.slice(start, start + KEYS_PER_CALL).map(({ pk, sk }) => ({ pk, sk })));
  }
  await mapWithConcurrency(chunks, CONCURRENCY, async (chunk) => {
    let pending = chunk;
    for (let attempt = 1; pending.length > 0; attempt++) {
      const output = await ddb.send(
        new BatchGetCommand({
          RequestItems: {
            [tableName]: {
              Keys: pending,
              ConsistentRead: options.consistent ?? true,
              ...(options.projection ? { ProjectionExpression: options.projection } : {}),
              ...(options.names ? { ExpressionAttributeNames: options.names } : {}),
            },
          },
        }),
      );
      for (const item of output.Responses?.[tableName] ?? []) found.set(`${item.pk}\u0000${item.sk}`, item);
      pending = output.UnprocessedKeys?.[tableName]?.Keys ?? [];
      if (pending.length === 0) return;
      if (attempt >= maxAttempts) {
        throw new TransientIngestError(
          `${pending.length} key(s) still unprocessed after ${attempt} BatchGetItem attempts`,
        );
      }
      await sleep(fullJitterDelay(attempt, BACKOFF, Math.random));
    }
  });
  return found;
}
