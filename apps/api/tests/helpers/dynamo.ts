import { BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { contributionItems, FileContribution, fromReadingItem, type ReadingItem } from '@energy/core';
import { runSummarizer, SummaryTable } from '@energy/summarizer';

const BATCH = 25;

/** Writes items with 25-item BatchWriteItem calls, resending any UnprocessedItems. */
export async function batchPut(
  client: DynamoDBDocumentClient,
  tableName: string,
  items: readonly Record<string, unknown>[],
): Promise<void> {
  // One item per key, the last one winning as sequential puts would: a batch may not name a key
  // twice, and many seeded files of one day each carry that day's LATE marker.
  const byKey = new Map<string, Record<string, unknown>>();
  for (const item of items) byKey.set(JSON.stringify([item.pk, item.sk, item.site_id, item.timestamp]), item);
  const unique = [...byKey.values()];
  const batches: Record<string, unknown>[][] = [];
  for (let i = 0; i < unique.length; i += BATCH) batches.push(unique.slice(i, i + BATCH));
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
 * Writes the summary the pipeline would keep for these readings: each source file's
 * contribution (core's `contributionItems`, as the processor writes them), then one summarizer
 * run at `now` (the per-site rollups and the site registry).
 */
export async function putSummary(
  client: DynamoDBDocumentClient,
  summaryTable: string,
  items: readonly ReadingItem[],
  now = Date.parse('2025-02-17T00:10:00.000Z'),
): Promise<void> {
  const files = new Map<string, FileContribution>();
  for (const item of items) {
    const contribution = files.get(item.source_key) ?? new FileContribution();
    contribution.add(fromReadingItem(item));
    files.set(item.source_key, contribution);
  }
  const ingestedAt = new Date(now - 600_000).toISOString();
  const summary = [...files].flatMap(([key, contribution]) =>
    contributionItems(contribution, { bucket: 'raw', key, segment: 0 }, ingestedAt),
  );
  await batchPut(client, summaryTable, summary);
  await runSummarizer({
    table: new SummaryTable(client, summaryTable),
    logger: { info: () => undefined },
    now: () => now,
  });
}

/** Tables of a provisioned stack. */
export type Tables = {
  /** Readings table name. */
  readingsTable: string;
  /** Summary table name. */
  summaryTable: string;
};

/** Stores readings and their summary as the ingest path and the summarizer would. */
export async function seed(client: DynamoDBDocumentClient, tables: Tables, items: readonly ReadingItem[]) {
  await batchPut(client, tables.readingsTable, items);
  await putSummary(client, tables.summaryTable, items);
}
