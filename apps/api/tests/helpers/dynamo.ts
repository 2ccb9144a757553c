import { BatchWriteCommand, type DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import {
  aggregateReadings,
  type Bucket,
  type EnrichedReading,
  fromReadingItem,
  type ReadingItem,
  SITE_REGISTRY_KEY,
  toAggregateItem,
} from '@energy/core';
import { groupByBucket } from './readings.js';

const BATCH = 25;

/** Writes items with 25-item BatchWriteItem calls, resending any UnprocessedItems. */
export async function batchPut(
  client: DynamoDBDocumentClient,
  tableName: string,
  items: readonly Record<string, unknown>[],
): Promise<void> {
  const batches: Record<string, unknown>[][] = [];
  for (let i = 0; i < items.length; i += BATCH) batches.push(items.slice(i, i + BATCH));
  // A few batches in flight: seeding thousands of items one call at a time is needlessly slow.
  let next = 0;
  const worker = async () => {
    while (next < batches.length) {
      let requests = (batches[next++] ?? []).map((Item) => ({ PutRequest: { Item } }));
      while (requests.length > 0) {
        const out = await client.send(new BatchWriteCommand({ RequestItems: { [tableName]: requests } }));
        requests = (out.UnprocessedItems?.[tableName] ?? []) as typeof requests;
      }
    }
  };
  await Promise.all(Array.from({ length: 4 }, worker));
}

/**
 * Writes the summary items the processor would keep for these readings: hour and day
 * aggregates per site (built with core's `aggregateReadings` and `toAggregateItem`)
 * and the site registry.
 */
export async function putAggregates(
  client: DynamoDBDocumentClient,
  summaryTable: string,
  readings: readonly EnrichedReading[],
): Promise<void> {
  const items: Record<string, unknown>[] = [];
  for (const bucket of ['hour', 'day'] as const satisfies Bucket[]) {
    for (const group of groupByBucket(readings, bucket).values()) {
      items.push(
        toAggregateItem(
          group.siteId,
          bucket,
          group.value,
          aggregateReadings(group.readings),
          '2025-02-17T00:00:00.000Z',
        ),
      );
    }
  }
  await batchPut(client, summaryTable, items);
  const sites = new Set(readings.map((r) => r.site_id));
  if (sites.size > 0) {
    await client.send(
      new PutCommand({ TableName: summaryTable, Item: { ...SITE_REGISTRY_KEY, site_ids: sites } }),
    );
  }
}

/** Tables of a provisioned stack. */
export type Tables = {
  /** Readings table name. */
  readingsTable: string;
  /** Summary table name. */
  summaryTable: string;
};

/** Stores readings and their aggregates as the ingest path would. */
export async function seed(client: DynamoDBDocumentClient, tables: Tables, items: readonly ReadingItem[]) {
  await batchPut(client, tables.readingsTable, items);
  await putAggregates(client, tables.summaryTable, items.map(fromReadingItem));
}
