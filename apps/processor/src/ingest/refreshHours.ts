import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import {
  aggregateHourReadings,
  aggregateKey,
  formatCanonical,
  type HourReadings,
  mergeHourReadings,
  type SiteHourReadings,
  toAggregateItem,
} from '@energy/core';
import { SUMMARY_SETTINGS } from '../constants.js';
import { TransientIngestError } from '../errors.js';
import { batchGetItems } from './batchGetItems.js';
import { type ConditionalPut, putEachIfCondition } from './conditionalPuts.js';
import { type BackoffSettings, fullJitterDelay, sleep as wait } from './retryBackoff.js';

/** Injected helpers. */
export type RefreshOptions = {
  /** Clock, epoch ms. */
  now?: () => number;
  /** Waits between rounds (injectable). */
  sleep?: (ms: number) => Promise<void>;
  /** Jitter source. */
  random?: () => number;
};

const BACKOFF: BackoffSettings = { baseDelayMs: 50, maxDelayMs: 1_000 };

/** The put of one site-hour: merged index, recomputed totals, next version, if still the version read. */
function hourPut(
  summaryTable: string,
  group: SiteHourReadings,
  stored: Record<string, unknown> | undefined,
  updatedAt: string,
): ConditionalPut {
  const version = typeof stored?.version === 'number' ? stored.version : undefined;
  const readings = mergeHourReadings((stored?.readings as HourReadings | undefined) ?? {}, group.readings);
  const item = {
    ...toAggregateItem(group.siteId, 'hour', group.hour, aggregateHourReadings(readings), updatedAt),
    readings,
    version: (version ?? 0) + 1,
  };
  // Optimistic concurrency: a writer that read an older version must read and merge again.
  if (version !== undefined) {
    return {
      TableName: summaryTable,
      Item: item,
      ConditionExpression: '#version = :version',
      ExpressionAttributeNames: { '#version': 'version' },
      ExpressionAttributeValues: { ':version': version },
    };
  }
  return {
    TableName: summaryTable,
    Item: item,
    ConditionExpression: stored ? 'attribute_not_exists(#version)' : 'attribute_not_exists(pk)',
    ...(stored ? { ExpressionAttributeNames: { '#version': 'version' } } : {}),
  };
}

/**
 * Merges stored readings into their hour aggregates. Each hour aggregate item also holds
 * the values of the hour's readings (`readings`, by offset in the hour) and a `version`:
 * read the items (BatchGetItem, consistent, 100 per call), merge — the last reading per
 * timestamp wins, so a redelivered file changes nothing — recompute the totals from the
 * merged values, and put each item back if it is still the version read. A site-hour that
 * another file changed meanwhile is read and merged again. No Query, no read-back of the
 * readings table: the cost follows the hours touched, not the data already stored.
 * Returns the rounds taken.
 *
 * @example
 * await refreshHours(ddb, 'energy-dev-summary', pending.groups());
 */
export async function refreshHours(
  ddb: DynamoDBDocumentClient,
  summaryTable: string,
  groups: readonly SiteHourReadings[],
  options: RefreshOptions = {},
): Promise<number> {
  const now = options.now ?? Date.now;
  let pending = [...groups];
  for (let round = 1; pending.length > 0; round++) {
    const keys = pending.map((group) => aggregateKey(group.siteId, 'hour', group.hour));
    const stored = await batchGetItems(ddb, summaryTable, keys);
    const updatedAt = formatCanonical(now());
    const puts = pending.map((group, index) => {
      const key = keys[index] as { pk: string; sk: string };
      return hourPut(summaryTable, group, stored.get(`${key.pk}\u0000${key.sk}`), updatedAt);
    });
    const written = await putEachIfCondition(ddb, puts);
    pending = pending.filter((_, index) => !written[index]);
    if (pending.length === 0) return round;
    if (round >= SUMMARY_SETTINGS.maxRounds) {
      throw new TransientIngestError(
        `${pending.length} hour aggregate(s) kept changing under this writer for ${round} rounds`,
      );
    }
    await (options.sleep ?? wait)(fullJitterDelay(round, BACKOFF, options.random ?? Math.random));
  }
  return 0;
}
