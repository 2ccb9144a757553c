import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPOSITORY_ROOT } from '../moto.js';
import type { RouteAuthorization } from './jwtAuthorizer.js';

/** Scopes a token needs per route group; an empty list accepts any valid token. */
export type ApiScopes = {
  /** The data routes: `/fetch*` and `/v1/*`. */
  readings: string[];
  /** The API description: `/openapi.json` and `/docs`. */
  docs: string[];
};

/** The route groups of the deployed HTTP API: one file, read by Terraform and by this stack. */
const API_ROUTES_FILE = join(REPOSITORY_ROOT, 'infra', 'modules', 'http_api', 'routes.json');

type RouteGroups = { open: string[]; readings: string[]; docs: string[] };

/**
 * The routes of the HTTP API with `api_auth = "jwt"`, as `infra/modules/http_api` creates them
 * from `routes.json`: the health check, the dashboard page, its assets and its sign-in exchange
 * are open; the data routes and the API description need a token (with a group's scope when one
 * is set); every other request reaches `$default`, which needs a token too, so nothing new is
 * answered unauthenticated by accident. Most specific first, as API Gateway matches them.
 */
export function apiRouteAuthorization(
  scopes: ApiScopes = { readings: [], docs: [] },
  file: string = API_ROUTES_FILE,
): RouteAuthorization[] {
  const groups = JSON.parse(readFileSync(file, 'utf8')) as RouteGroups;
  const jwt =
    (routeScopes: string[]) =>
    (routeKey: string): RouteAuthorization => ({
      routeKey,
      authorizationType: 'JWT',
      scopes: routeScopes,
    });
  return [
    ...groups.open.map((routeKey): RouteAuthorization => ({ routeKey, authorizationType: 'NONE' })),
    ...groups.readings.map(jwt(scopes.readings)),
    ...groups.docs.map(jwt(scopes.docs)),
    jwt([])('$default'),
  ];
}
