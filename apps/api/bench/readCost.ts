import { Logger } from '@aws-lambda-powertools/logger';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { baseClientConfig } from '@energy/aws-clients/endpoint';
import { normalizeBound } from '@energy/core';
import { createApp } from '../src/app.js';
import type { ApiEnvironment } from '../src/environment.js';
import { bucketCount } from '../src/summaryRange.js';
import { countItemsRead } from './countItemsRead.js';

/** Items read for the anomalies of one site, three ways. */
export type AnomalyReadCost = {
  /** The site measured. */
  site: string;
  /** Readings of the site. */
  readings: number;
  /** Anomalies returned. */
  anomalies: number;
  /** Items read by `GET /v1/sites/{site}/anomalies`, following every page (limit 1000). */
  paginatedRoute: number;
  /** Items read by the compatible `GET /fetchanomalies`. */
  compatibleRoute: number;
  /** Items read by the original's way: Query the whole site, filter `anomaly == true` in code. */
  queryThenFilter: number;
};

/** Items read by the summary. */
export type SummaryReadCost = {
  /** `hour` or `day`. */
  bucket: 'hour' | 'day';
  /** Sites in the registry. */
  sites: number;
  /** Buckets in the range (30 days: 30 days or 720 hours). */
  buckets: number;
  /** Aggregate items read (Query `ScannedCount`). */
  aggregatesRead: number;
  /** Registry items read (the one GetItem that lists the sites). */
  registryRead: number;
  /** Readings the summary covers (what a Scan-based summary would read at least). */
  readingsCovered: number;
};

function countingApp(env: Record<string, string>, environment: ApiEnvironment) {
  const client = DynamoDBDocumentClient.from(new DynamoDBClient(baseClientConfig(env)));
  const reads = countItemsRead(client);
  const app = createApp({ client, environment, logger: new Logger({ logLevel: 'SILENT' }) });
  return { app, reads, client };
}

async function getOk(app: ReturnType<typeof createApp>, path: string): Promise<unknown> {
  const res = await app.request(path);
  if (res.status !== 200) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return res.json();
}

/** Items read per anomaly returned: the new routes against query-then-filter. */
export async function measureAnomalyReadCost(
  env: Record<string, string>,
  environment: ApiEnvironment,
  site: string,
): Promise<AnomalyReadCost> {
  const { app, reads, client } = countingApp(env, environment);

  let anomalies = 0;
  let cursor: string | null = null;
  do {
    const query: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
    const page = (await getOk(app, `/v1/sites/${site}/anomalies?limit=1000${query}`)) as {
      items: unknown[];
      next_cursor: string | null;
    };
    anomalies += page.items.length;
    cursor = page.next_cursor;
  } while (cursor);
  const paginatedRoute = reads.items;

  reads.reset();
  const compatible = (await getOk(app, `/fetchanomalies?site_id=${site}`)) as unknown[];
  if (compatible.length !== anomalies) throw new Error('the two anomaly routes disagree');
  const compatibleRoute = reads.items;

  reads.reset();
  let readings = 0;
  let filtered = 0;
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await client.send(
      new QueryCommand({
        TableName: environment.readingsTable,
        KeyConditionExpression: 'site_id = :site',
        ExpressionAttributeValues: { ':site': site },
        ExclusiveStartKey: startKey,
      }),
    );
    readings += page.Items?.length ?? 0;
    filtered += (page.Items ?? []).filter((item) => item.anomaly === true).length;
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  if (filtered !== anomalies) throw new Error('query-then-filter disagrees with the index');
  const queryThenFilter = reads.items;
  client.destroy();
  return { site, readings, anomalies, paginatedRoute, compatibleRoute, queryThenFilter };
}

/** Items read by `GET /v1/summary` over `from`..`to` (date-only, inclusive). */
export async function measureSummaryReadCost(
  env: Record<string, string>,
  environment: ApiEnvironment,
  range: { from: string; to: string; bucket: 'hour' | 'day' },
): Promise<SummaryReadCost> {
  const { app, reads, client } = countingApp(env, environment);
  const queries = countItemsRead(client, 'QueryCommand');
  const body = (await getOk(app, `/v1/summary?from=${range.from}&to=${range.to}&bucket=${range.bucket}`)) as {
    sites: { count: number }[];
  };
  client.destroy();
  return {
    bucket: range.bucket,
    sites: body.sites.length,
    buckets: bucketCount(
      { from: normalizeBound(range.from, 'start'), to: normalizeBound(range.to, 'end') },
      range.bucket,
    ),
    aggregatesRead: queries.items,
    registryRead: reads.items - queries.items,
    readingsCovered: body.sites.reduce((n, s) => n + s.count, 0),
  };
}
