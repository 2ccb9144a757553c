import { type AttributeValue, BatchWriteItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';

/** Items per BatchWriteItem call, DynamoDB's maximum. */
const BATCH_SIZE = 25;

/**
 * Writes items `itemOf(0)` … `itemOf(count - 1)` to `table` with BatchWriteItem, 25 per call,
 * `inFlight` calls at once (1: sequential, as one client would; 4: as 4 concurrent invocations).
 * moto never returns UnprocessedItems, so none are retried.
 */
export async function batchWriteAll(
  dynamodb: DynamoDBClient,
  table: string,
  count: number,
  itemOf: (i: number) => Record<string, AttributeValue>,
  inFlight = 1,
): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      for (;;) {
        const first = next;
        next += BATCH_SIZE;
        if (first >= count) return;
        const requests = [];
        for (let i = first; i < Math.min(first + BATCH_SIZE, count); i++) {
          requests.push({ PutRequest: { Item: itemOf(i) } });
        }
        await dynamodb.send(new BatchWriteItemCommand({ RequestItems: { [table]: requests } }));
      }
    }),
  );
}
