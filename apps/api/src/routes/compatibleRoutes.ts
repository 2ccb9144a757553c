import { type ReadingItem, toFlatRecord } from '@energy/core';
import { createRoute, z } from '@hono/zod-openapi';
import { collectPages } from '../adapters/collectPages.js';
import { API_LIMITS, RANGE_DEFAULTS } from '../constants.js';
import type { ApiApp } from '../http/types.js';
import { boundSchema, orderedBounds, siteIdSchema } from '../schemas/parameters.js';
import { FlatRecordSchema } from '../schemas/responses.js';
import type { RouteDependencies } from './dependencies.js';
import { ERROR_RESPONSES } from './errorResponses.js';

// The original Flask API's routes, same paths and parameters, plain arrays of flat
// records. Unknown parameters are ignored as Flask did; the result is capped.

const TAG = 'Compatible';
const capNote = `Follows DynamoDB pagination to the end; more than ${API_LIMITS.compatibleMaxItems} matching records answer 400 naming the paginated route to use.`;
const flatRecords = {
  description: 'Matching records.',
  content: { 'application/json': { schema: z.array(FlatRecordSchema) } },
};

const fetchRecords = createRoute({
  method: 'get',
  path: '/fetchrecords',
  tags: [TAG],
  summary: "A site's readings between two dates",
  description: `A Query on the site between \`start_date\` and \`end_date\` (both optional: whole history), oldest first. ${capNote}`,
  request: {
    query: z
      .object({
        site_id: siteIdSchema('query'),
        start_date: boundSchema('start_date', 'start', 'Earliest reading; default: no lower bound.'),
        end_date: boundSchema('end_date', 'end', 'Latest reading; default: no upper bound.'),
      })
      .superRefine(orderedBounds('start_date', 'end_date')),
  },
  responses: { 200: flatRecords, ...ERROR_RESPONSES },
});

const fetchAnomalies = createRoute({
  method: 'get',
  path: '/fetchanomalies',
  tags: [TAG],
  summary: "A site's anomalous readings",
  description: `A Query on the sparse anomaly index: reads only anomalous items (the original read every item of the site and filtered in code). ${capNote}`,
  request: { query: z.object({ site_id: siteIdSchema('query') }) },
  responses: { 200: flatRecords, ...ERROR_RESPONSES },
});

const fetchAll = createRoute({
  method: 'get',
  path: '/fetchall',
  tags: [TAG],
  summary: 'Every reading',
  description: `A paginated Scan of the readings table. ${capNote}`,
  responses: { 200: flatRecords, ...ERROR_RESPONSES },
});

function flat(items: readonly ReadingItem[]) {
  return items.map(toFlatRecord);
}

/** Registers `GET /fetchrecords`, `GET /fetchanomalies` and `GET /fetchall`. */
export function registerCompatibleRoutes(app: ApiApp, deps: RouteDependencies): void {
  const { readings, compatibleMaxItems: cap } = deps;
  app.openapi(fetchRecords, async (c) => {
    const query = c.req.valid('query');
    const range = {
      from: query.start_date ?? RANGE_DEFAULTS.earliest,
      to: query.end_date ?? RANGE_DEFAULTS.latest,
    };
    const items = await collectPages(
      (startKey, limit, countOnly) =>
        readings.querySite({ siteId: query.site_id, ...range, limit, startKey, countOnly }),
      cap,
      'GET /v1/sites/{site_id}/readings',
    );
    return c.json(flat(items), 200);
  });

  app.openapi(fetchAnomalies, async (c) => {
    const { site_id: siteId } = c.req.valid('query');
    const range = { from: RANGE_DEFAULTS.earliest, to: RANGE_DEFAULTS.latest };
    const items = await collectPages(
      (startKey, limit, countOnly) =>
        readings.queryAnomalies({ siteId, ...range, limit, startKey, countOnly }),
      cap,
      'GET /v1/sites/{site_id}/anomalies',
    );
    return c.json(flat(items), 200);
  });

  app.openapi(fetchAll, async (c) => {
    const items = await collectPages(
      (startKey, limit, countOnly) => readings.scan({ limit, startKey, countOnly }),
      cap,
      'GET /v1/readings',
    );
    return c.json(flat(items), 200);
  });
}
