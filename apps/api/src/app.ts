// The API app factory.
//
// DASHBOARD INTEGRATION (contract with the dashboard, apps/api/src/dashboardAssets/**):
//   `apps/api/src/dashboardAssets/routes.ts` exports
//       export const registerDashboard: PageRegistrar = (app) => { app.get('/', ...); ... };
//   `src/handler.ts` passes it as `createApp({ ..., registerPages: registerDashboard })`, and
//   tests/servers may do the same. `registerPages(app)` runs after the API routes and
//   before the 404/405 handling, so pages registered with `app.get(...)` get routing,
//   405 with `Allow`, the per-request log line and the JSON error handler for free.
//   Plain `app.get` routes stay out of /openapi.json; use `app.openapi` to document one.
//   Pages should call the API with relative URLs (`/v1/summary?...`, `/v1/sites`,
//   `/v1/sites/{site_id}/anomalies?order=desc&limit=20`, `/v1/alerts?state=open`), so the same page works on
//   API Gateway and on a local server.

import type { Logger } from '@aws-lambda-powertools/logger';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { AlertStore } from './adapters/AlertStore.js';
import { withDataBudget } from './adapters/dataBudget.js';
import { ReadingsStore } from './adapters/ReadingsStore.js';
import { SummaryStore } from './adapters/SummaryStore.js';
import { registerApiAuth } from './auth/apiAuth.js';
import { API_LIMITS, API_TIMEOUTS } from './constants.js';
import type { ApiEnvironment } from './environment.js';
import {
  DataStoreUnavailableError,
  MethodNotAllowedError,
  QueryTooLongError,
  ResourceNotFoundError,
  RouteNotFoundError,
} from './errors.js';
import { allowedMethodsLookup } from './http/allowedMethods.js';
import { errorAnswer } from './http/errorAnswer.js';
import { requestLogging } from './http/requestLogging.js';
import type { ApiApp, ApiEnv } from './http/types.js';
import { validationHook } from './http/validationHook.js';
import { registerAlertRoutes } from './routes/alertRoutes.js';
import { registerCompatibleRoutes } from './routes/compatibleRoutes.js';
import type { RouteDependencies } from './routes/dependencies.js';
import { registerDocsRoutes } from './routes/docsRoutes.js';
import { registerHealthRoutes } from './routes/healthRoutes.js';
import { registerReadingsRoutes } from './routes/readingsRoutes.js';
import { registerSiteRoutes } from './routes/siteRoutes.js';
import { registerSummaryRoutes } from './routes/summaryRoutes.js';

export type { ApiApp, ApiEnv } from './http/types.js';

/** Adds pages (the dashboard) to the app; see the contract at the top of this file. */
export type PageRegistrar = (app: ApiApp) => void;

/** What {@link createApp} needs; everything with side effects is injected. */
export type AppDependencies = {
  /** DynamoDB document client (the emulator's in tests, AWS's in Lambda). */
  client: DynamoDBDocumentClient;
  /** Table names and cursor secret, usually from `parseApiEnvironment()`. */
  environment: ApiEnvironment;
  /** Powertools logger for the per-request line and failures. */
  logger: Logger;
  /** Clock in epoch milliseconds; default `Date.now`. */
  now?: () => number;
  /** Registers extra pages, e.g. the dashboard at `GET /`. */
  registerPages?: PageRegistrar;
  /** Overrides of the documented limits (tests lower the cap to keep the emulator fast). */
  limits?: {
    /** Most records a compatible route returns; default {@link API_LIMITS.compatibleMaxItems}. */
    compatibleMaxItems?: number;
    /** Time for all data-store calls of one request, ms; default {@link API_TIMEOUTS.dataBudgetMs}. */
    dataBudgetMs?: number;
  };
};

function answer(c: Context<ApiEnv>, error: unknown): Response {
  const { status, body, headers } = errorAnswer(error, c.get('requestId'));
  for (const [name, value] of Object.entries(headers)) c.header(name, value);
  return c.json(body, status);
}

/**
 * Builds the API: compatible routes, `/v1` routes, `/openapi.json`, `/docs`, and
 * whatever `registerPages` adds, with request logging and JSON errors throughout.
 *
 * @example
 * const app = createApp({ client: createDynamoDocumentClient(), environment: parseApiEnvironment(), logger });
 * const res = await app.request('/v1/sites');
 */
export function createApp(dependencies: AppDependencies): ApiApp {
  const { client, environment, logger } = dependencies;
  const deps: RouteDependencies = {
    readings: new ReadingsStore(client, environment.readingsTable),
    summary: new SummaryStore(client, environment.summaryTable),
    alerts: new AlertStore(client, environment.summaryTable),
    cursorSecret: environment.cursorSecret,
    now: dependencies.now ?? Date.now,
    compatibleMaxItems: dependencies.limits?.compatibleMaxItems ?? API_LIMITS.compatibleMaxItems,
  };
  const app: ApiApp = new OpenAPIHono<ApiEnv>({ defaultHook: validationHook });

  app.use('*', requestLogging(logger));
  const dataBudgetMs = dependencies.limits?.dataBudgetMs ?? API_TIMEOUTS.dataBudgetMs;
  app.use('*', (_c, next) => withDataBudget(dataBudgetMs, next));
  app.use('*', async (c, next) => {
    const url = c.req.url;
    const queryAt = url.indexOf('?');
    const length = queryAt === -1 ? 0 : url.length - queryAt - 1;
    if (length > API_LIMITS.maxQueryLength) throw new QueryTooLongError(length, API_LIMITS.maxQueryLength);
    await next();
  });

  registerHealthRoutes(app);
  registerCompatibleRoutes(app, deps);
  registerSiteRoutes(app, deps);
  registerReadingsRoutes(app, deps);
  registerSummaryRoutes(app, deps);
  registerAlertRoutes(app, deps);
  registerApiAuth(app, environment.auth); // auth/config.json + security scheme (API_AUTH), after the data routes
  dependencies.registerPages?.(app);
  registerDocsRoutes(app);

  let allowedMethods: ((path: string) => string[]) | undefined;
  app.notFound((c) => {
    allowedMethods ??= allowedMethodsLookup(app.routes);
    const { method, path } = c.req;
    const allow = allowedMethods(path);
    // A route that accepts this method answered "not found" itself (an unknown asset): 404, not 405.
    let error: Error;
    if (allow.includes(method)) error = new ResourceNotFoundError(method, path);
    else if (allow.length > 0) error = new MethodNotAllowedError(method, path, allow);
    else error = new RouteNotFoundError(method, path);
    return answer(c, error);
  });

  app.onError((error, c) => {
    const requestId = c.get('requestId');
    if (error instanceof DataStoreUnavailableError) {
      logger.error('data store unavailable', { requestId, operation: error.operation, error: error.cause });
    } else if (errorAnswer(error, requestId).status === 500) {
      logger.error('unexpected error', { requestId, error });
    }
    return answer(c, error);
  });

  return app;
}
