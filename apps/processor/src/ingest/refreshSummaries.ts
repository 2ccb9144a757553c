import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  PutCommand,
  QueryCommand,
  type QueryCommandInput,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import {
  type Aggregate,
  aggregateReadings,
  aggregateSortKeyRange,
  bucketBounds,
  formatCanonical,
  fromAggregateItem,
  fromReadingItem,
  mergeAggregates,
  type ReadingItem,
  SITE_REGISTRY_KEY,
  type SiteBucket,
  siteAggregatePartition,
  type TouchedBuckets,
  toAggregateItem,
} from '@energy/core';
import { SUMMARY_SETTINGS } from '../constants.js';
import { mapWithConcurrency } from './mapWithConcurrency.js';

/** Tables the summary is computed from and written to. */
export type SummaryTables = {
  /** Readings table name. */
  readingsTable: string;
  /** Summary table name. */
  summaryTable: string;
};

/** What a refresh wrote. */
export type SummaryRefresh = {
  /** Aggregates written. */
  written: number;
  /** Aggregates not written because a newer one was already stored (a concurrent file won). */
  stale: number;
};

async function queryAll<T>(ddb: DynamoDBDocumentClient, input: QueryCommandInput): Promise<T[]> {
  const items: T[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await ddb.send(new QueryCommand({ ...input, ExclusiveStartKey: startKey }));
    for (const item of page.Items ?? []) items.push(item as T);
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return items;
}

/**
 * Stores an aggregate only if it is at least as new as the stored one. Readings are never
 * deleted, so a recomputation made later sees a superset: a higher count is newer. Equal
 * counts (a reading overwritten with corrected values) fall back to the time of the read,
 * so a writer that read before a correction cannot overwrite one that read after it.
 * Returns false when the stored aggregate was newer.
 */
async function putIfNewer(
  ddb: DynamoDBDocumentClient,
  summaryTable: string,
  target: SiteBucket,
  aggregate: Aggregate,
  readAt: string,
): Promise<boolean> {
  try {
    await ddb.send(
      new PutCommand({
        TableName: summaryTable,
        Item: toAggregateItem(target.siteId, target.bucket, target.value, aggregate, readAt),
        ConditionExpression:
          'attribute_not_exists(pk) OR #count < :count OR (#count = :count AND #updated_at <= :updated_at)',
        ExpressionAttributeNames: { '#count': 'count', '#updated_at': 'updated_at' },
        ExpressionAttributeValues: { ':count': aggregate.count, ':updated_at': readAt },
      }),
    );
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
}

async function hourAggregate(ddb: DynamoDBDocumentClient, readingsTable: string, target: SiteBucket) {
  const { start, end } = bucketBounds('hour', target.value);
  const items = await queryAll<ReadingItem>(ddb, {
    TableName: readingsTable,
    KeyConditionExpression: '#site = :site AND #ts BETWEEN :start AND :end',
    ProjectionExpression:
      '#site, #ts, energy_generated_kwh, energy_consumed_kwh, net_energy_kwh, anomaly, anomaly_reasons',
    ExpressionAttributeNames: { '#site': 'site_id', '#ts': 'timestamp' },
    ExpressionAttributeValues: { ':site': target.siteId, ':start': start, ':end': end },
    // A read that may miss the write this file just made would store a stale total.
    ConsistentRead: true,
  });
  return aggregateReadings(items.map(fromReadingItem));
}

async function dayAggregate(ddb: DynamoDBDocumentClient, summaryTable: string, target: SiteBucket) {
  const { start, end } = bucketBounds('day', target.value);
  const range = aggregateSortKeyRange('hour', start, end);
  const hours = await queryAll<Aggregate>(ddb, {
    TableName: summaryTable,
    KeyConditionExpression: 'pk = :pk AND sk BETWEEN :start AND :end',
    ExpressionAttributeValues: {
      ':pk': siteAggregatePartition(target.siteId),
      ':start': range.start,
      ':end': range.end,
    },
    ConsistentRead: true,
  });
  return mergeAggregates(hours.map(fromAggregateItem));
}

/**
 * Brings the summary table up to date for the buckets a file touched, without a Scan:
 * each (site, hour) is recomputed from the stored readings of that hour, then each
 * (site, day) from its hour aggregates, then the sites join the registry. Recomputing
 * rather than incrementing is what keeps a redelivered file from counting twice; the
 * conditional put keeps a slower concurrent writer from replacing a newer total.
 *
 * @example
 * await refreshSummaries(ddb, { readingsTable, summaryTable }, touched);
 */
export async function refreshSummaries(
  ddb: DynamoDBDocumentClient,
  tables: SummaryTables,
  touched: TouchedBuckets,
  now: () => number = Date.now,
): Promise<SummaryRefresh> {
  const result: SummaryRefresh = { written: 0, stale: 0 };
  const refresh = async (target: SiteBucket, compute: () => Promise<Aggregate>): Promise<void> => {
    // Taken before the read: this aggregate reflects the table at least as of this instant.
    const readAt = formatCanonical(now());
    const aggregate = await compute();
    if (await putIfNewer(ddb, tables.summaryTable, target, aggregate, readAt)) result.written++;
    else result.stale++;
  };
  // Days are merged from hours, so every hour of this file must be stored first.
  await mapWithConcurrency(touched.hours(), SUMMARY_SETTINGS.concurrency, (target) =>
    refresh(target, () => hourAggregate(ddb, tables.readingsTable, target)),
  );
  await mapWithConcurrency(touched.days(), SUMMARY_SETTINGS.concurrency, (target) =>
    refresh(target, () => dayAggregate(ddb, tables.summaryTable, target)),
  );
  const sites = touched.sites();
  if (sites.length > 0) {
    await ddb.send(
      new UpdateCommand({
        TableName: tables.summaryTable,
        Key: SITE_REGISTRY_KEY,
        // ADD on a string set is idempotent: a redelivered file adds nothing new.
        UpdateExpression: 'ADD site_ids :sites',
        ExpressionAttributeValues: { ':sites': new Set(sites) },
      }),
    );
  }
  return result;
}
