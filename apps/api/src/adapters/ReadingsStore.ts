import {
  type DynamoDBDocumentClient,
  QueryCommand,
  type QueryCommandInput,
  ScanCommand,
} from '@aws-sdk/lib-dynamodb';
import { READINGS_TABLE, type ReadingItem } from '@energy/core';
import { callDataStore } from './callDataStore.js';
import { toPage } from './toPage.js';
import type { Page, PageRequest, SiteRangeQuery } from './types.js';

/**
 * Reads the readings table: per-site range Queries, the sparse anomaly index, and a
 * paginated Scan. Every method returns one DynamoDB page; callers decide whether to
 * continue (see `collectPages`).
 *
 * @example
 * const store = new ReadingsStore(createDynamoDocumentClient(), 'energy-dev-readings');
 * const page = await store.querySite({ siteId: 'site1', from, to, limit: 100 });
 */
export class ReadingsStore {
  readonly #client: DynamoDBDocumentClient;
  readonly #tableName: string;

  public constructor(client: DynamoDBDocumentClient, tableName: string) {
    this.#client = client;
    this.#tableName = tableName;
  }

  /** One page of a site's readings between `from` and `to` (table Query on site_id + timestamp). */
  public querySite(query: SiteRangeQuery): Promise<Page<ReadingItem>> {
    return this.#query('Query readings', {
      KeyConditionExpression: '#pk = :site AND #ts BETWEEN :from AND :to',
      ExpressionAttributeNames: { '#pk': READINGS_TABLE.partitionKey, '#ts': READINGS_TABLE.sortKey },
      ...this.#rangeValues(query),
    });
  }

  /**
   * One page of a site's anomalous readings between `from` and `to`. A Query on the sparse
   * anomaly index, which holds only anomalous items: every item read is returned.
   */
  public queryAnomalies(query: SiteRangeQuery): Promise<Page<ReadingItem>> {
    return this.#query('Query anomaly index', {
      IndexName: READINGS_TABLE.anomalyIndexName,
      KeyConditionExpression: '#pk = :site AND #ts BETWEEN :from AND :to',
      ExpressionAttributeNames: {
        '#pk': READINGS_TABLE.anomalyIndexPartitionKey,
        '#ts': READINGS_TABLE.anomalyIndexSortKey,
      },
      ...this.#rangeValues(query),
    });
  }

  /** One page of a Scan over the whole table (it holds only readings, so no filter is needed). */
  public async scan(request: PageRequest): Promise<Page<ReadingItem>> {
    const output = await callDataStore('Scan readings', (options) =>
      this.#client.send(
        new ScanCommand({
          TableName: this.#tableName,
          Limit: request.limit,
          ExclusiveStartKey: request.startKey,
          ...(request.countOnly ? { Select: 'COUNT' as const } : {}),
        }),
        options,
      ),
    );
    return toPage<ReadingItem>(output);
  }

  #rangeValues(
    query: SiteRangeQuery,
  ): Pick<
    QueryCommandInput,
    'ExpressionAttributeValues' | 'Limit' | 'ExclusiveStartKey' | 'ScanIndexForward' | 'Select'
  > {
    return {
      ExpressionAttributeValues: { ':site': query.siteId, ':from': query.from, ':to': query.to },
      Limit: query.limit,
      ExclusiveStartKey: query.startKey,
      ScanIndexForward: !query.descending,
      ...(query.countOnly ? { Select: 'COUNT' as const } : {}),
    };
  }

  async #query(operation: string, input: Omit<QueryCommandInput, 'TableName'>): Promise<Page<ReadingItem>> {
    const output = await callDataStore(operation, (options) =>
      this.#client.send(new QueryCommand({ TableName: this.#tableName, ...input }), options),
    );
    return toPage<ReadingItem>(output);
  }
}
