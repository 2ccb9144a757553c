import type { RouteAuthorization } from './jwtAuthorizer.js';

/** Scopes a token needs per route group; an empty list accepts any valid token. */
export type ApiScopes = {
  /** The data routes: `/fetch*` and `/v1/*`. */
  readings: string[];
  /** The API description: `/openapi.json` and `/docs`. */
  docs: string[];
};

/**
 * The routes of the HTTP API with `api_auth = "jwt"`, as `infra/modules/http_api` creates them:
 * the health check, the dashboard page, its assets and its sign-in settings are open; the data
 * routes and the API description need a token (with a group's scope when one is set); every other
 * request reaches `$default`, which needs a token too, so nothing is answered unauthenticated by
 * accident. Ordered most specific first, as API Gateway matches them.
 */
export function apiRouteAuthorization(scopes: ApiScopes = { readings: [], docs: [] }): RouteAuthorization[] {
  const open = (routeKey: string): RouteAuthorization => ({ routeKey, authorizationType: 'NONE' });
  const jwt = (routeKey: string, routeScopes: string[]): RouteAuthorization => ({
    routeKey,
    authorizationType: 'JWT',
    scopes: routeScopes,
  });
  return [
    open('GET /health'),
    open('GET /'),
    open('GET /assets/{file}'),
    open('GET /auth/config.json'),
    open('POST /auth/token'),
    jwt('GET /fetchrecords', scopes.readings),
    jwt('GET /fetchanomalies', scopes.readings),
    jwt('GET /fetchall', scopes.readings),
    jwt('GET /v1/{proxy+}', scopes.readings),
    jwt('GET /openapi.json', scopes.docs),
    jwt('GET /docs', scopes.docs),
    jwt('$default', []),
  ];
}
