import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  DeleteCommand,
  type DynamoDBDocumentClient,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { registryKey, type SummaryKey } from '@energy/core';

/** Puts in flight at once: enough to hide latency, few enough not to burst one partition. */
const PUT_CONCURRENCY = 16;
/** Keys per BatchGetItem call: the DynamoDB maximum. */
const BATCH_GET_SIZE = 100;

/** Options of {@link SummaryTable.query}. */
export type SummaryQueryOptions = {
  /**
   * Strongly consistent (twice the read units): for state a run must see as the previous run
   * left it (the alerter's checkpoint and shards).
   */
  consistent?: boolean;
};

/**
 * Reads and writes of the summary table shared by the summarizer and the alerter, over an
 * injected document client. Reads are eventually consistent (half the read units) unless
 * asked otherwise: a write the summarizer misses is picked up by its next run, since that run
 * sees a changed fingerprint.
 */
export class SummaryTable {
  readonly #ddb: DynamoDBDocumentClient;
  readonly #tableName: string;

  public constructor(ddb: DynamoDBDocumentClient, tableName: string) {
    this.#ddb = ddb;
    this.#tableName = tableName;
  }

  /**
   * Every item of a partition (optionally a sort-key range), following pages to the end; `T` is
   * the item shape the caller's key layout promises.
   */
  public async query<T = Record<string, unknown>>(
    pk: string,
    range?: { start: string; end: string },
    options: SummaryQueryOptions = {},
  ): Promise<T[]> {
    const items: T[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const output = await this.#ddb.send(
        new QueryCommand({
          TableName: this.#tableName,
          KeyConditionExpression: range ? 'pk = :pk AND sk BETWEEN :start AND :end' : 'pk = :pk',
          ExpressionAttributeValues: {
            ':pk': pk,
            ...(range && { ':start': range.start, ':end': range.end }),
          },
          ExclusiveStartKey: startKey,
          ...(options.consistent && { ConsistentRead: true }),
        }),
      );
      items.push(...((output.Items ?? []) as T[]));
      startKey = output.LastEvaluatedKey;
    } while (startKey);
    return items;
  }

  /** The items of these keys that exist (BatchGetItem, 100 keys per call, unprocessed keys retried). */
  public async get(keys: readonly SummaryKey[]): Promise<Record<string, unknown>[]> {
    const items: Record<string, unknown>[] = [];
    for (let start = 0; start < keys.length; start += BATCH_GET_SIZE) {
      let pending: Record<string, unknown>[] = keys.slice(start, start + BATCH_GET_SIZE);
      while (pending.length > 0) {
        const output = await this.#ddb.send(
          new BatchGetCommand({ RequestItems: { [this.#tableName]: { Keys: pending } } }),
        );
        items.push(...(output.Responses?.[this.#tableName] ?? []));
        pending = output.UnprocessedKeys?.[this.#tableName]?.Keys ?? [];
      }
    }
    return items;
  }

  /** Puts items (plain puts: a repeated run writes the same values), a few at a time. */
  public async put(items: readonly Record<string, unknown>[]): Promise<void> {
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < items.length) {
        const item = items[next++];
        await this.#ddb.send(new PutCommand({ TableName: this.#tableName, Item: item }));
      }
    };
    await Promise.all(Array.from({ length: Math.min(PUT_CONCURRENCY, items.length) }, worker));
  }

  /** Adds site ids to one registry item's string set (ADD is idempotent: a repeat adds nothing). */
  public async addToRegistry(index: number, sites: readonly string[]): Promise<void> {
    await this.#ddb.send(
      new UpdateCommand({
        TableName: this.#tableName,
        Key: registryKey(index),
        UpdateExpression: 'ADD site_ids :sites',
        ExpressionAttributeValues: { ':sites': new Set(sites) },
      }),
    );
  }

  /**
   * Deletes an item if an attribute still has the value read; false when it changed meanwhile
   * (a late file marked its day again: the marker must stay for the next run).
   */
  public async deleteIfUnchanged(key: SummaryKey, attribute: string, value: string): Promise<boolean> {
    try {
      await this.#ddb.send(
        new DeleteCommand({
          TableName: this.#tableName,
          Key: key,
          ConditionExpression: '#a = :v',
          ExpressionAttributeNames: { '#a': attribute },
          ExpressionAttributeValues: { ':v': value },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }
}
