import { createRoute, z } from '@hono/zod-openapi';
import { API_LIMITS, RANGE_DEFAULTS, ROUTE_IDS } from '../constants.js';
import { cursorScope } from '../cursor.js';
import type { ApiApp } from '../http/types.js';
import {
  boundSchema,
  cursorSchema,
  limitSchema,
  orderedBounds,
  orderSchema,
  pageLimitSchema,
  prefixSchema,
  siteIdSchema,
  strictQuery,
} from '../schemas/parameters.js';
import { ReadingPageSchema, SitesSchema } from '../schemas/responses.js';
import type { RouteDependencies } from './dependencies.js';
import { ERROR_RESPONSES } from './errorResponses.js';
import { startKeyOf, toReadingPage } from './pagination.js';
import { pageOfSites } from './sitePage.js';

const TAG = 'Sites';

const rangeQuery = strictQuery({
  from: boundSchema('from', 'start', 'Earliest reading; default: no lower bound.'),
  to: boundSchema('to', 'end', 'Latest reading; default: no upper bound.'),
  limit: limitSchema,
  cursor: cursorSchema,
  order: orderSchema,
}).superRefine(orderedBounds('from', 'to'));

const siteParams = z.object({ site_id: siteIdSchema('path') });
const page = { description: 'One page.', content: { 'application/json': { schema: ReadingPageSchema } } };

const listSites = createRoute({
  method: 'get',
  path: '/v1/sites',
  tags: [TAG],
  summary: 'Known sites, a page at a time',
  description:
    "Sites that have reported a reading, in natural order (`site2` before `site10`), optionally those whose id starts with `prefix`. Read from the site registry the summarizer keeps (a few items of up to 5,000 ids each: one Query up to ~80,000 sites); new sites appear within the summarizer's period (15 minutes). Continue with `cursor` = `next_cursor` until it is `null`.",
  request: {
    query: strictQuery({
      prefix: prefixSchema,
      limit: pageLimitSchema(API_LIMITS.pageSize),
      cursor: cursorSchema,
    }),
  },
  responses: {
    200: { description: 'Sites.', content: { 'application/json': { schema: SitesSchema } } },
    ...ERROR_RESPONSES,
  },
});

const siteReadings = createRoute({
  method: 'get',
  path: '/v1/sites/{site_id}/readings',
  tags: [TAG],
  summary: "A page of a site's readings",
  description:
    'A Query on the site between `from` and `to` (inclusive), by timestamp. Continue with `cursor` = `next_cursor` until it is `null`.',
  request: { params: siteParams, query: rangeQuery },
  responses: { 200: page, ...ERROR_RESPONSES },
});

const siteAnomalies = createRoute({
  method: 'get',
  path: '/v1/sites/{site_id}/anomalies',
  tags: [TAG],
  summary: "A page of a site's anomalous readings",
  description:
    'A Query on the sparse anomaly index, which holds only anomalous readings: every item read is returned. Same paging as the readings route.',
  request: { params: siteParams, query: rangeQuery },
  responses: { 200: page, ...ERROR_RESPONSES },
});

/** Registers `GET /v1/sites`, `GET /v1/sites/{site_id}/readings` and `GET /v1/sites/{site_id}/anomalies`. */
export function registerSiteRoutes(app: ApiApp, deps: RouteDependencies): void {
  const { readings, summary, cursorSecret } = deps;

  app.openapi(listSites, async (c) => {
    const query = c.req.valid('query');
    const prefix = query.prefix ?? '';
    const scope = cursorScope(ROUTE_IDS.sites, [prefix]);
    const page = pageOfSites(await summary.siteIds(), query.limit, query.cursor, scope, cursorSecret, prefix);
    return c.json(
      {
        items: page.items.map((siteId) => ({ site_id: siteId })),
        total: page.total,
        next_cursor: page.next_cursor,
      },
      200,
    );
  });

  for (const [route, routeId, read] of [
    [siteReadings, ROUTE_IDS.siteReadings, readings.querySite.bind(readings)],
    [siteAnomalies, ROUTE_IDS.siteAnomalies, readings.queryAnomalies.bind(readings)],
  ] as const) {
    app.openapi(route, async (c) => {
      const { site_id: siteId } = c.req.valid('param');
      const query = c.req.valid('query');
      const from = query.from ?? RANGE_DEFAULTS.earliest;
      const to = query.to ?? RANGE_DEFAULTS.latest;
      const scope = cursorScope(routeId, [siteId, from, to, query.order]);
      const result = await read({
        siteId,
        from,
        to,
        descending: query.order === 'desc',
        limit: query.limit,
        startKey: startKeyOf(query.cursor, scope, cursorSecret),
      });
      return c.json(toReadingPage(result, scope, cursorSecret), 200);
    });
  }
}
