import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { enrichReading, formatCanonical, parsePayload, type ReadingItem, toReadingItem } from '@energy/core';
import { FLEET_BENCH } from './constants.js';

/** What the floor stored from one message. */
export type FloorOutcome = {
  /** Readings written. */
  stored: number;
  /** Of which anomalous. */
  anomalies: number;
};

/** Whether a message body was sent by S3: an event notification or the `s3:TestEvent`. */
export function isS3Notification(body: string): boolean {
  try {
    const parsed = JSON.parse(body) as {
      Records?: { eventSource?: string }[];
      Event?: string;
      Service?: string;
    };
    return (
      parsed.Event === 's3:TestEvent' ||
      (parsed.Records ?? []).some((record) => record.eventSource === 'aws:s3')
    );
  } catch {
    return false;
  }
}

/** Object keys of an S3 notification's records, URL-decoded (none for the `s3:TestEvent`). */
export function notificationKeys(body: string): { bucket: string; key: string }[] {
  const records = (
    JSON.parse(body) as { Records?: { s3?: { bucket?: { name?: string }; object?: { key?: string } } }[] }
  ).Records;
  return (records ?? []).flatMap((record) => {
    const bucket = record.s3?.bucket?.name;
    const key = record.s3?.object?.key;
    return bucket && key ? [{ bucket, key: decodeURIComponent(key.replace(/\+/g, ' ')) }] : [];
  });
}

async function writeAll(ddb: DynamoDBDocumentClient, table: string, items: ReadingItem[]): Promise<void> {
  const batches: ReadingItem[][] = [];
  for (let i = 0; i < items.length; i += FLEET_BENCH.batchWriteItems)
    batches.push(items.slice(i, i + FLEET_BENCH.batchWriteItems));
  let next = 0;
  const worker = async () => {
    for (;;) {
      const batch = batches[next++];
      if (!batch) return;
      let requests = batch.map((Item) => ({ PutRequest: { Item } }));
      while (requests.length > 0) {
        const result = await ddb.send(new BatchWriteCommand({ RequestItems: { [table]: requests } }));
        requests = (result.UnprocessedItems?.[table] ?? []) as typeof requests;
      }
    }
  };
  await Promise.all(Array.from({ length: FLEET_BENCH.floorWriteConcurrency }, worker));
}

/**
 * The floor of ingest: what any processor must do for a file, and nothing more. It reads
 * the object once, parses and enriches it with the core rules, and stores each reading (the
 * same item, index key included, as the processor stores) with 25-item BatchWriteItem calls.
 * No summary upkeep, no alerts.
 */
export async function floorProcessMessage(
  clients: { s3: S3Client; ddb: DynamoDBDocumentClient },
  readingsTable: string,
  body: string,
  nowMs: number,
): Promise<FloorOutcome> {
  const outcome: FloorOutcome = { stored: 0, anomalies: 0 };
  for (const ref of notificationKeys(body)) {
    const object = await clients.s3.send(new GetObjectCommand({ Bucket: ref.bucket, Key: ref.key }));
    const text = (await object.Body?.transformToString('utf8')) ?? '';
    const ingestedAt = formatCanonical(nowMs);
    const items = parsePayload(text).readings.map((reading) =>
      toReadingItem(enrichReading(reading), { sourceKey: ref.key, ingestedAt }),
    );
    await writeAll(clients.ddb, readingsTable, items);
    outcome.stored += items.length;
    outcome.anomalies += items.filter((item) => item.anomaly).length;
  }
  return outcome;
}
