import { type DynamoDBDocumentClient, QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import {
  type HeadTotals,
  type RolledDay,
  type RollupItem,
  type RollupKind,
  rollupPartition,
  SUMMARY_KEY,
} from '@energy/core';
import { compareSiteIds } from '../compareSiteIds.js';
import { callDataStore } from './callDataStore.js';
import { projection } from './projection.js';

export type { HeadTotals } from '@energy/core';

/** What the views read of a day's rollup record: its shard count and the fleet's day totals. */
export type RolledDayView = Pick<RolledDay, 'sk' | 'shards' | 'fleet' | 'fleet_codes'>;

/** What the views read of a rollup item. */
export type RollupView = Pick<RollupItem, 'period' | 'n' | 'of' | 'codes' | 'site_totals'>;

const HEAD_ATTRIBUTES = [
  'hour',
  'object',
  'order',
  'generated_kwh',
  'consumed_kwh',
  'net_kwh',
  'count',
  'anomalies',
  'excluded',
  'codes',
  'by_code',
] as const;

/**
 * Reads the summary table: contribution heads (the fleet, live), the summarizer's day records,
 * per-site rollups by shard and the site registry. Every read projects only what the views use,
 * and none grows with the number of sites except the registry (one Query for ~80,000 sites).
 *
 * @example
 * const store = new SummaryStore(createDynamoDocumentClient(), 'energy-dev-summary');
 * const heads = await store.fleetHeads('2025-02-16');
 */
export class SummaryStore {
  readonly #client: DynamoDBDocumentClient;
  readonly #tableName: string;

  public constructor(client: DynamoDBDocumentClient, tableName: string) {
    this.#client = client;
    this.#tableName = tableName;
  }

  async #queryAll<T>(operation: string, input: Omit<QueryCommandInput, 'TableName'>): Promise<T[]> {
    const items: T[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const output = await callDataStore(operation, () =>
        this.#client.send(
          new QueryCommand({ ...input, TableName: this.#tableName, ExclusiveStartKey: startKey }),
        ),
      );
      items.push(...((output.Items ?? []) as T[]));
      startKey = output.LastEvaluatedKey;
    } while (startKey);
    return items;
  }

  /** The contribution heads of one day (all versions; the caller keeps the current ones). */
  public async fleetHeads(day: string): Promise<HeadTotals[]> {
    const { names, ProjectionExpression } = projection(HEAD_ATTRIBUTES);
    return this.#queryAll('Query fleet heads', {
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': `${SUMMARY_KEY.fleet}${day}` },
      ExpressionAttributeNames: names,
      ProjectionExpression,
    });
  }

  /** The summarizer's records of the days `fromDay`..`toDay` it has rolled up. */
  public async rolledDays(fromDay: string, toDay: string): Promise<RolledDayView[]> {
    const { names, ProjectionExpression } = projection(['sk', 'shards', 'fleet', 'fleet_codes']);
    return this.#queryAll('Query rolled days', {
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
      ExpressionAttributeValues: { ':pk': SUMMARY_KEY.rolled, ':from': fromDay, ':to': toDay },
      ExpressionAttributeNames: names,
      ProjectionExpression,
    });
  }

  /** Days a late file changed that the summarizer has not rolled up again yet. */
  public async lateDays(): Promise<string[]> {
    const items = await this.#queryAll<{ sk: string }>('Query late days', {
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': SUMMARY_KEY.late },
      ProjectionExpression: 'sk',
    });
    return items.map((item) => item.sk);
  }

  /** Every known site id, in natural order (`site2` before `site10`), from the registry's items. */
  public async siteIds(): Promise<string[]> {
    const items = await this.#queryAll<{ site_ids?: Set<string> }>('Query site registry', {
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': SUMMARY_KEY.registry },
      ProjectionExpression: 'site_ids',
    });
    const ids = new Set<string>();
    for (const item of items) for (const id of item.site_ids ?? []) ids.add(String(id));
    return [...ids].sort(compareSiteIds);
  }

  /**
   * One shard's rollups for the periods `fromPeriod`..`toPeriod` (whole items: the caller keeps
   * the sites it wants; a projection could not shrink the read units, which bill the whole item).
   */
  public async rollups(
    kind: RollupKind,
    shards: number,
    shard: number,
    fromPeriod: string,
    toPeriod: string,
  ): Promise<RollupView[]> {
    const { names, ProjectionExpression } = projection(['period', 'n', 'of', 'codes', 'site_totals']);
    return this.#queryAll('Query rollups', {
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
      ExpressionAttributeValues: {
        ':pk': rollupPartition(kind, shards, shard),
        ':from': fromPeriod,
        ':to': `${toPeriod}#~`,
      },
      ExpressionAttributeNames: names,
      ProjectionExpression,
    });
  }
}
