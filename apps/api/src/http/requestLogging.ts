import type { Logger } from '@aws-lambda-powertools/logger';
import type { MiddlewareHandler } from 'hono';
import { matchedRoutes } from 'hono/route';
import { requestIdOf } from './requestId.js';
import type { ApiEnv } from './types.js';

/** Route pattern that answered, e.g. `/v1/sites/:site_id/readings`; `(none)` for 404/405 answers. */
function routeOf(c: Parameters<MiddlewareHandler<ApiEnv>>[0]): string {
  const route = matchedRoutes(c).findLast((r) => r.method !== 'ALL');
  return route?.path ?? '(none)';
}

/**
 * First middleware of the app: assigns the request id (sent back as `x-request-id`)
 * and logs one line per request with its id, method, route, status and latency.
 *
 * @example
 * app.use('*', requestLogging(logger));
 */
export function requestLogging(logger: Logger): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    const started = performance.now();
    const requestId = requestIdOf(c.env);
    c.set('requestId', requestId);
    await next();
    c.header('x-request-id', requestId);
    logger.info('request', {
      requestId,
      method: c.req.method,
      route: routeOf(c),
      path: c.req.path,
      status: c.res.status,
      latencyMs: Math.round((performance.now() - started) * 100) / 100,
    });
  };
}
