import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { mapWithConcurrency } from '@energy/core';

/** One put with a condition. */
export type ConditionalPut = {
  /** Table name. */
  TableName: string;
  /** The item. */
  Item: Record<string, unknown>;
  /** Write only when this holds. */
  ConditionExpression: string;
  /** Names used in the condition. */
  ExpressionAttributeNames?: Record<string, string>;
  /** Values used in the condition. */
  ExpressionAttributeValues?: Record<string, unknown>;
};

/** Conditional puts in flight at once. */
const CONCURRENCY = 8;

/**
 * Puts an item if its condition holds; false when the condition was false (not an error:
 * the caller asked). Any other failure propagates.
 *
 * @example
 * const claimed = await putIfCondition(ddb, { TableName, Item: marker, ConditionExpression: 'attribute_not_exists(pk)' });
 */
async function putIfCondition(ddb: DynamoDBDocumentClient, put: ConditionalPut): Promise<boolean> {
  try {
    await ddb.send(new PutCommand(put));
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
}

/**
 * Applies each put whose condition holds, several in flight, and tells which were written.
 * One PutItem per item on purpose: BatchWriteItem takes no conditions, and TransactWriteItems
 * is all or nothing, costs twice the write units on AWS and copies the whole table per item
 * on the emulator.
 *
 * @example
 * const written = await putEachIfCondition(ddb, markers); // [true, false, ...]
 */
export function putEachIfCondition(
  ddb: DynamoDBDocumentClient,
  puts: readonly ConditionalPut[],
): Promise<boolean[]> {
  return mapWithConcurrency(puts, CONCURRENCY, (put) => putIfCondition(ddb, put));
}
