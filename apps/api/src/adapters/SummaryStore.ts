import { type DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import {
  type Aggregate,
  aggregateSortKeyRange,
  type Bucket,
  parseAggregateSortKey,
  SITE_REGISTRY_KEY,
  SUMMARY_TABLE,
  siteAggregatePartition,
} from '@energy/core';
import { compareSiteIds } from '../compareSiteIds.js';
import { callDataStore } from './callDataStore.js';

/** One site's aggregate for one time bucket, as the summary route returns it. */
export type BucketAggregate = Aggregate & {
  /** Site of the aggregate. */
  site_id: string;
  /** Bucket value: `2025-02-16T21` (hour) or `2025-02-16` (day). */
  bucket: string;
};

/** Aggregates of one site and what reading them cost. */
export type SiteAggregates = {
  /** Aggregates in bucket order. */
  items: BucketAggregate[];
  /** Items DynamoDB read (the summary's read cost). */
  scannedCount: number;
};

function numberAttribute(item: Record<string, unknown>, name: keyof Aggregate): number {
  const value = item[name];
  return typeof value === 'number' ? value : 0;
}

/**
 * Reads the summary table written by the processor: the site registry and the
 * per-site, per-bucket aggregates. The read cost grows with sites × buckets, never
 * with the number of readings.
 *
 * @example
 * const store = new SummaryStore(createDynamoDocumentClient(), 'energy-dev-summary');
 * const sites = await store.listSites();
 */
export class SummaryStore {
  readonly #client: DynamoDBDocumentClient;
  readonly #tableName: string;

  public constructor(client: DynamoDBDocumentClient, tableName: string) {
    this.#client = client;
    this.#tableName = tableName;
  }

  /** Known site ids, sorted; one GetItem of the registry item. */
  public async listSites(): Promise<string[]> {
    const output = await callDataStore('GetItem site registry', () =>
      this.#client.send(
        new GetCommand({
          TableName: this.#tableName,
          Key: {
            [SUMMARY_TABLE.partitionKey]: SITE_REGISTRY_KEY.pk,
            [SUMMARY_TABLE.sortKey]: SITE_REGISTRY_KEY.sk,
          },
        }),
      ),
    );
    // The document client reads a string set as a Set.
    const ids = output.Item?.site_ids;
    const sites = ids instanceof Set || Array.isArray(ids) ? [...ids].map(String) : [];
    return sites.sort(compareSiteIds);
  }

  /**
   * A site's aggregates for the buckets holding `from`..`to` (canonical timestamps,
   * inclusive), following pagination to the end.
   */
  public async queryAggregates(
    siteId: string,
    bucket: Bucket,
    from: string,
    to: string,
  ): Promise<SiteAggregates> {
    const range = aggregateSortKeyRange(bucket, from, to);
    const items: BucketAggregate[] = [];
    let scannedCount = 0;
    let startKey: Record<string, unknown> | undefined;
    do {
      const output = await callDataStore('Query aggregates', () =>
        this.#client.send(
          new QueryCommand({
            TableName: this.#tableName,
            KeyConditionExpression: '#pk = :pk AND #sk BETWEEN :start AND :end',
            ExpressionAttributeNames: { '#pk': SUMMARY_TABLE.partitionKey, '#sk': SUMMARY_TABLE.sortKey },
            ExpressionAttributeValues: {
              ':pk': siteAggregatePartition(siteId),
              ':start': range.start,
              ':end': range.end,
            },
            ExclusiveStartKey: startKey,
          }),
        ),
      );
      scannedCount += output.ScannedCount ?? 0;
      for (const item of output.Items ?? []) {
        const key = parseAggregateSortKey(String(item[SUMMARY_TABLE.sortKey]));
        if (key?.bucket !== bucket) continue;
        items.push({
          site_id: siteId,
          bucket: key.value,
          generated_kwh: numberAttribute(item, 'generated_kwh'),
          consumed_kwh: numberAttribute(item, 'consumed_kwh'),
          net_kwh: numberAttribute(item, 'net_kwh'),
          count: numberAttribute(item, 'count'),
          anomalies: numberAttribute(item, 'anomalies'),
        });
      }
      startKey = output.LastEvaluatedKey;
    } while (startKey);
    return { items, scannedCount };
  }
}
