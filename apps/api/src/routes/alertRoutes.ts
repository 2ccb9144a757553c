import { createRoute } from '@hono/zod-openapi';
import { API_LIMITS, ROUTE_IDS } from '../constants.js';
import { cursorScope, encodeCursor } from '../cursor.js';
import type { ApiApp } from '../http/types.js';
import {
  alertRuleSchema,
  alertStateSchema,
  cursorSchema,
  pageLimitSchema,
  siteIdSchema,
  strictQuery,
} from '../schemas/parameters.js';
import { AlertPageSchema } from '../schemas/responses.js';
import type { RouteDependencies } from './dependencies.js';
import { ERROR_RESPONSES } from './errorResponses.js';
import { startKeyOf } from './pagination.js';

const listAlerts = createRoute({
  method: 'get',
  path: '/v1/alerts',
  tags: ['Alerts'],
  summary: 'Open and recently resolved alert episodes, a page at a time',
  description:
    "The alert episodes the alerter keeps (one per site, rule and opening: `opened`, counted while open, `resolved` after the quiet period; `SILENT_SITE` for a site that stopped reporting). Resolved episodes are listed until their TTL passes. One Query per page on the summary table's `ALERTS` partition, in key order (site id, rule, opening time): `site_id` (and `rule` with it) narrow the key range; `state`, and `rule` without `site_id`, filter the items read, so such a page may hold fewer than `limit` items, even none, while `next_cursor` is not `null`. Continue with `cursor` = `next_cursor` until it is `null`.",
  request: {
    query: strictQuery({
      site_id: siteIdSchema('query').optional(),
      rule: alertRuleSchema,
      state: alertStateSchema,
      limit: pageLimitSchema(API_LIMITS.pageSize),
      cursor: cursorSchema,
    }),
  },
  responses: {
    200: { description: 'One page.', content: { 'application/json': { schema: AlertPageSchema } } },
    ...ERROR_RESPONSES,
  },
});

/** Registers `GET /v1/alerts`. */
export function registerAlertRoutes(app: ApiApp, { alerts, cursorSecret, now }: RouteDependencies): void {
  app.openapi(listAlerts, async (c) => {
    const query = c.req.valid('query');
    // Every parameter that selects items is in the scope: a cursor works only with the same filters.
    const scope = cursorScope(ROUTE_IDS.alerts, [query.site_id ?? '', query.rule ?? '', query.state ?? '']);
    const page = await alerts.page({
      siteId: query.site_id,
      rule: query.rule,
      state: query.state,
      limit: query.limit,
      startKey: startKeyOf(query.cursor, scope, cursorSecret),
      nowSeconds: now() / 1000,
    });
    return c.json(
      {
        items: page.items,
        next_cursor: page.lastKey ? encodeCursor(page.lastKey, scope, cursorSecret) : null,
      },
      200,
    );
  });
}
