import { createRoute } from '@hono/zod-openapi';
import type { BucketAggregate } from '../adapters/SummaryStore.js';
import { API_LIMITS } from '../constants.js';
import type { ApiApp } from '../http/types.js';
import { boundSchema, bucketSchema, siteIdSchema, strictQuery } from '../schemas/parameters.js';
import { SummarySchema } from '../schemas/responses.js';
import { summarize } from '../summarize.js';
import { resolveSummaryRange } from '../summaryRange.js';
import type { RouteDependencies } from './dependencies.js';
import { ERROR_RESPONSES } from './errorResponses.js';

// Sites are read a few at a time: enough to hide latency, few enough not to burst the table.
const SITE_CONCURRENCY = 8;

const summaryRoute = createRoute({
  method: 'get',
  path: '/v1/summary',
  tags: ['Summary'],
  summary: 'Energy and anomalies per site and time bucket',
  description: `Reads the aggregates the processor maintains, never the readings: one Query per site, one item per site and bucket, so the cost grows with sites × buckets. Buckets that overlap \`from\`..\`to\` count whole. Defaults: \`to\` = now, \`from\` = 24 hours before \`to\` (\`bucket=hour\`) or 30 days (\`bucket=day\`); at most ${API_LIMITS.maxSummaryBucketsPerSite} buckets per site.`,
  request: {
    query: strictQuery({
      from: boundSchema('from', 'start', 'Start of the range; default depends on `bucket`.'),
      to: boundSchema('to', 'end', 'End of the range; default: now.'),
      bucket: bucketSchema,
      site_id: siteIdSchema('query').optional(),
    }),
  },
  responses: {
    200: { description: 'The summary.', content: { 'application/json': { schema: SummarySchema } } },
    ...ERROR_RESPONSES,
  },
});

async function mapLimited<T, R>(
  values: readonly T[],
  limit: number,
  fn: (value: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(values.length);
  let next = 0;
  const worker = async () => {
    while (next < values.length) {
      const index = next++;
      results[index] = await fn(values[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, values.length) }, worker));
  return results;
}

/** Registers `GET /v1/summary`. */
export function registerSummaryRoutes(app: ApiApp, { summary, now }: RouteDependencies): void {
  app.openapi(summaryRoute, async (c) => {
    const query = c.req.valid('query');
    const range = resolveSummaryRange(query, query.bucket, now());
    const siteIds = query.site_id === undefined ? await summary.listSites() : [query.site_id];
    const results = await mapLimited(siteIds, SITE_CONCURRENCY, (siteId) =>
      summary.queryAggregates(siteId, query.bucket, range.from, range.to),
    );
    const bySite = new Map<string, BucketAggregate[]>(
      siteIds.map((siteId, i) => [siteId, results[i]?.items ?? []]),
    );
    return c.json({ bucket: query.bucket, ...range, ...summarize(siteIds, bySite) }, 200);
  });
}
