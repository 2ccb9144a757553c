import { type DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { ALERTS_PARTITION, type AlertRecord, type AlertState, SUMMARY_TABLE } from '@energy/core';
import { callDataStore } from './callDataStore.js';
import { projection } from './projection.js';
import { toPage } from './toPage.js';
import type { Page, PageRequest } from './types.js';

/**
 * The attributes of an alert episode the API answers: the record without its keys, the
 * alerter's bookkeeping (`notified`) and its TTL.
 */
const ALERT_VIEW_ATTRIBUTES = [
  'alert_id',
  'site_id',
  'rule',
  'severity',
  'state',
  'opened_at',
  'first_seen',
  'last_seen',
  'count',
  'resolved_at',
  'sample_values',
  'source_keys',
  'updated_at',
] as const satisfies readonly (keyof AlertRecord)[];

/** An alert episode as the API answers it. */
export type AlertView = Pick<AlertRecord, (typeof ALERT_VIEW_ATTRIBUTES)[number]>;

/** A page of the alert episodes, optionally of one site, one rule, one state. */
export type AlertQuery = PageRequest & {
  /** Only this site's episodes (a key condition: `begins_with(sk, '<site>#')`). */
  siteId?: string;
  /** Only this rule's (with `siteId` a key condition, `<site>#<rule>#`; without, a filter). */
  rule?: string;
  /** Only episodes in this state (a filter). */
  state?: AlertState;
  /** Now, epoch seconds: episodes whose TTL has passed are left out (DynamoDB deletes them late). */
  nowSeconds: number;
};

/**
 * Reads the alert episodes the alerter keeps in the summary table's `ALERTS` partition
 * (`sk = <site>#<rule>#<opened_at>`, core's `alertRecordKey`): one Query per page, in key order
 * (site id, rule, opening time). `limit` bounds the items read, so a page filtered by state (or
 * by rule without a site) may hold fewer items than `limit`, even none, and still have a next page.
 *
 * @example
 * const store = new AlertStore(createDynamoDocumentClient(), 'energy-dev-summary');
 * const page = await store.page({ siteId: 'site1', state: 'open', limit: 50, nowSeconds: Date.now() / 1000 });
 */
export class AlertStore {
  readonly #client: DynamoDBDocumentClient;
  readonly #tableName: string;

  public constructor(client: DynamoDBDocumentClient, tableName: string) {
    this.#client = client;
    this.#tableName = tableName;
  }

  /** One page of alert episodes (one Query on the `ALERTS` partition). */
  public async page(query: AlertQuery): Promise<Page<AlertView>> {
    const { names, ProjectionExpression } = projection(ALERT_VIEW_ATTRIBUTES);
    const values: Record<string, unknown> = { ':pk': ALERTS_PARTITION, ':now': Math.floor(query.nowSeconds) };
    const placeholders: Record<string, string> = { '#expires': SUMMARY_TABLE.ttlAttribute };
    let keyCondition = '#pk = :pk';
    const filters = ['(attribute_not_exists(#expires) OR #expires > :now)'];
    if (query.siteId !== undefined) {
      // `#` occurs in neither a site id nor a rule code, so the prefix selects exactly.
      values[':prefix'] = query.rule === undefined ? `${query.siteId}#` : `${query.siteId}#${query.rule}#`;
      keyCondition += ' AND begins_with(#sk, :prefix)';
      placeholders['#sk'] = SUMMARY_TABLE.sortKey;
    } else if (query.rule !== undefined) {
      values[':rule'] = query.rule;
      filters.push('#rule = :rule');
      placeholders['#rule'] = 'rule';
    }
    if (query.state !== undefined) {
      values[':state'] = query.state;
      filters.push('#state = :state');
      placeholders['#state'] = 'state';
    }
    const output = await callDataStore('Query alerts', (options) =>
      this.#client.send(
        new QueryCommand({
          TableName: this.#tableName,
          KeyConditionExpression: keyCondition,
          FilterExpression: filters.join(' AND '),
          ExpressionAttributeNames: { '#pk': SUMMARY_TABLE.partitionKey, ...placeholders, ...names },
          ExpressionAttributeValues: values,
          ProjectionExpression,
          Limit: query.limit,
          ExclusiveStartKey: query.startKey,
        }),
        options,
      ),
    );
    return toPage<AlertView>(output);
  }
}
