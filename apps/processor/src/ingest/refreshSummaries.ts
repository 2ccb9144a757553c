import { type DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import {
  type Aggregate,
  aggregateKey,
  formatCanonical,
  fromAggregateItem,
  mergeAggregates,
  type PendingHourReadings,
  SITE_REGISTRY_KEY,
  type SiteBucket,
  type TouchedBuckets,
  toAggregateItem,
} from '@energy/core';
import { batchGetItems } from './batchGetItems.js';
import { type ConditionalPut, putEachIfCondition } from './conditionalPuts.js';
import { type RefreshOptions, refreshHours } from './refreshHours.js';

/** What a refresh wrote. */
export type SummaryRefresh = {
  /** Day aggregates written. */
  days: number;
  /** Day aggregates not written because a newer one was already stored (a concurrent file won). */
  staleDays: number;
};

const HOURS_OF_DAY = Array.from({ length: 24 }, (_, hour) => String(hour).padStart(2, '0'));

/**
 * The put of one day aggregate, conditional on being at least as new as the stored one.
 * Hour aggregates only grow (readings are never deleted), so a day merged from hours read
 * later sees a superset: a higher count is newer. Equal counts (a reading overwritten with
 * corrected values) fall back to the time of the read.
 */
function dayPut(summaryTable: string, day: SiteBucket, aggregate: Aggregate, readAt: string): ConditionalPut {
  return {
    TableName: summaryTable,
    Item: toAggregateItem(day.siteId, 'day', day.value, aggregate, readAt),
    ConditionExpression:
      'attribute_not_exists(pk) OR #count < :count OR (#count = :count AND #updated_at <= :updated_at)',
    ExpressionAttributeNames: { '#count': 'count', '#updated_at': 'updated_at' },
    ExpressionAttributeValues: { ':count': aggregate.count, ':updated_at': readAt },
  };
}

/**
 * Recomputes each touched (site, day) from its 24 hour aggregates (keys known: one
 * BatchGetItem per 4 days) and stores it if no newer one is there.
 */
async function refreshDays(
  ddb: DynamoDBDocumentClient,
  summaryTable: string,
  days: readonly SiteBucket[],
  now: () => number,
): Promise<SummaryRefresh> {
  // Taken before the read: the day reflects the hours at least as of this instant.
  const readAt = formatCanonical(now());
  const hourKeys = days.flatMap((day) =>
    HOURS_OF_DAY.map((hh) => aggregateKey(day.siteId, 'hour', `${day.value}T${hh}`)),
  );
  const hours = await batchGetItems(ddb, summaryTable, hourKeys, {
    projection: 'pk, sk, generated_kwh, consumed_kwh, net_kwh, #count, anomalies',
    names: { '#count': 'count' },
  });
  const puts = days.map((day) => {
    const parts = HOURS_OF_DAY.flatMap((hh) => {
      const key = aggregateKey(day.siteId, 'hour', `${day.value}T${hh}`);
      const item = hours.get(`${key.pk}\u0000${key.sk}`);
      return item ? [fromAggregateItem(item as Aggregate)] : [];
    });
    return dayPut(summaryTable, day, mergeAggregates(parts), readAt);
  });
  const written = await putEachIfCondition(ddb, puts);
  const count = written.filter(Boolean).length;
  return { days: count, staleDays: written.length - count };
}

/**
 * Brings the summary table up to date after a file, without a Scan or a Query: the
 * readings still pending are merged into their hour indexes (which rewrites those hours'
 * aggregates), each touched day is recomputed from its hours, and the sites join the
 * registry. Everything is recomputed from stored state rather than incremented, so a
 * redelivered file cannot count twice.
 *
 * @example
 * await refreshSummaries(ddb, 'energy-dev-summary', touched, pending);
 */
export async function refreshSummaries(
  ddb: DynamoDBDocumentClient,
  summaryTable: string,
  touched: TouchedBuckets,
  pending: PendingHourReadings,
  options: RefreshOptions = {},
): Promise<SummaryRefresh> {
  if (pending.size > 0) {
    await refreshHours(ddb, summaryTable, pending.groups(), options);
    pending.clear();
  }
  const result = await refreshDays(ddb, summaryTable, touched.days(), options.now ?? Date.now);
  const sites = touched.sites();
  if (sites.length > 0) {
    await ddb.send(
      new UpdateCommand({
        TableName: summaryTable,
        Key: SITE_REGISTRY_KEY,
        // ADD on a string set is idempotent: a redelivered file adds nothing new.
        UpdateExpression: 'ADD site_ids :sites',
        ExpressionAttributeValues: { ':sites': new Set(sites) },
      }),
    );
  }
  return result;
}
