import { createRoute } from '@hono/zod-openapi';
import { ROUTE_IDS } from '../constants.js';
import { cursorScope } from '../cursor.js';
import type { ApiApp } from '../http/types.js';
import { cursorSchema, limitSchema, strictQuery } from '../schemas/parameters.js';
import { ReadingPageSchema } from '../schemas/responses.js';
import type { RouteDependencies } from './dependencies.js';
import { ERROR_RESPONSES } from './errorResponses.js';
import { startKeyOf, toReadingPage } from './pagination.js';

const allReadings = createRoute({
  method: 'get',
  path: '/v1/readings',
  tags: ['Readings'],
  summary: 'A page of every reading',
  description:
    'A paginated Scan of the readings table, in storage order (not time order). Continue with `cursor` = `next_cursor` until it is `null`.',
  request: { query: strictQuery({ limit: limitSchema, cursor: cursorSchema }) },
  responses: {
    200: { description: 'One page.', content: { 'application/json': { schema: ReadingPageSchema } } },
    ...ERROR_RESPONSES,
  },
});

/** Registers `GET /v1/readings`. */
export function registerReadingsRoutes(app: ApiApp, { readings, cursorSecret }: RouteDependencies): void {
  const scope = cursorScope(ROUTE_IDS.allReadings, []);
  app.openapi(allReadings, async (c) => {
    const { limit, cursor } = c.req.valid('query');
    const page = await readings.scan({ limit, startKey: startKeyOf(cursor, scope, cursorSecret) });
    return c.json(toReadingPage(page, scope, cursorSecret), 200);
  });
}
