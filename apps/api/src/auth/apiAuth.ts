import { EnvironmentError } from '@energy/config';
import { z } from '@hono/zod-openapi';
import type { ApiApp } from '../http/types.js';

/** The environment variable that tells the API how the HTTP API in front of it authorizes. */
export const API_AUTH_VARIABLE = 'API_AUTH';

/** Name of the security scheme in `/openapi.json`. */
const SECURITY_SCHEME = 'cognito';

const scopeList = z.array(z.string().regex(/^\S+$/, 'a scope has no spaces')).default([]);

const ApiAuthSchema = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('none') }),
  z.object({
    mode: z.literal('jwt'),
    /** Issuer of the tokens (`iss`). */
    issuer: z.url(),
    /** App client of the dashboard (public, authorization code + PKCE). */
    clientId: z.string().min(1),
    /** OAuth 2.0 authorization endpoint (Cognito's hosted sign-in, or the local stand-in). */
    authorizeUrl: z.url(),
    /** OAuth 2.0 token endpoint. */
    tokenUrl: z.url(),
    /** Scopes a token needs per route group (any one of the list); empty = any valid token. */
    scopes: z.object({ readings: scopeList, docs: scopeList }).default({ readings: [], docs: [] }),
  }),
]);

/** How requests are authorized in front of the API: `none`, or a JWT authorizer and its sign-in endpoints. */
export type ApiAuth = z.infer<typeof ApiAuthSchema>;

/**
 * Reads `API_AUTH` (JSON, set by Terraform and the local stack); unset means `{"mode":"none"}`.
 *
 * @example
 * parseApiAuth({ API_AUTH: '{"mode":"none"}' }); // { mode: 'none' }
 * @throws {@link EnvironmentError} when `API_AUTH` is not JSON of the expected shape, naming the field.
 */
export function parseApiAuth(env: NodeJS.ProcessEnv = process.env): ApiAuth {
  const raw = env[API_AUTH_VARIABLE];
  if (raw === undefined || raw === '') return { mode: 'none' };
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (error) {
    throw new EnvironmentError(API_AUTH_VARIABLE, 'is not JSON', { cause: error });
  }
  const parsed = ApiAuthSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new EnvironmentError(
      API_AUTH_VARIABLE,
      `field ${issue?.path.join('.') || '(root)'}: ${issue?.message}`,
    );
  }
  return parsed.data;
}

/** What the dashboard needs to sign in (`GET /auth/config.json`): public values only. */
type DashboardAuthConfig =
  | { mode: 'none' }
  | { mode: 'jwt'; clientId: string; authorizeUrl: string; tokenUrl: string; scopes: string[] };

/** The dashboard's sign-in settings: it asks for `openid` and the data routes' scopes. */
function dashboardAuthConfig(auth: ApiAuth): DashboardAuthConfig {
  if (auth.mode === 'none') return { mode: 'none' };
  const scopes = ['openid', ...auth.scopes.readings.filter((scope) => scope !== 'openid')];
  return {
    mode: 'jwt',
    clientId: auth.clientId,
    authorizeUrl: auth.authorizeUrl,
    tokenUrl: auth.tokenUrl,
    scopes,
  };
}

/** Form fields of a code or refresh-token exchange the dashboard may send; the client id is the API's. */
const TOKEN_FIELDS = ['grant_type', 'code', 'code_verifier', 'redirect_uri', 'refresh_token'] as const;
/** How long the token endpoint may take, ms (the dashboard waits for it). */
const TOKEN_TIMEOUT_MS = 5_000;

/**
 * `POST /auth/token`: forwards the dashboard's authorization-code (PKCE) or refresh-token exchange
 * to the issuer's token endpoint with the dashboard's client id, and answers what it answered. The
 * page thereby talks to its own origin only. The tokens are never logged.
 */
async function exchangeToken(auth: Extract<ApiAuth, { mode: 'jwt' }>, body: string): Promise<Response> {
  const sent = new URLSearchParams(body);
  const grant = sent.get('grant_type');
  if (grant !== 'authorization_code' && grant !== 'refresh_token')
    return Response.json({ error: 'unsupported_grant_type' }, { status: 400 });
  const form = new URLSearchParams({ client_id: auth.clientId });
  for (const field of TOKEN_FIELDS) {
    const value = sent.get(field);
    if (value) form.set(field, value);
  }
  try {
    const answer = await fetch(auth.tokenUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: form,
      signal: AbortSignal.timeout(TOKEN_TIMEOUT_MS),
    });
    const json: unknown = await answer.json().catch(() => ({ error: 'invalid_response' }));
    return Response.json(json, {
      status: answer.ok ? 200 : answer.status < 500 ? 400 : 502,
      headers: { 'cache-control': 'no-store' },
    });
  } catch {
    return Response.json({ error: 'token_endpoint_unreachable' }, { status: 502 });
  }
}

/** The route group of a documented path, as `infra/modules/http_api` routes it. */
function routeGroup(path: string): 'open' | 'readings' {
  return path === '/health' ? 'open' : 'readings';
}

/**
 * Registers `GET /auth/config.json` (open: the dashboard reads it before signing in) and, with a
 * JWT authorizer, `POST /auth/token` (open: the sign-in exchange, see {@link exchangeToken}), the `cognito` OAuth 2.0 security scheme of `/openapi.json` with each documented
 * route's required scopes (`/health` open). Call after the data routes, before the docs routes.
 *
 * @example
 * registerApiAuth(app, parseApiAuth());
 */
export function registerApiAuth(app: ApiApp, auth: ApiAuth = parseApiAuth()): void {
  const config = dashboardAuthConfig(auth);
  app.get('/auth/config.json', (c) => c.json(config, 200, { 'cache-control': 'no-store' }));
  if (auth.mode === 'none') return;
  app.post('/auth/token', async (c) => exchangeToken(auth, await c.req.text()));
  const allScopes = [...new Set([...auth.scopes.readings, ...auth.scopes.docs])];
  app.openAPIRegistry.registerComponent('securitySchemes', SECURITY_SCHEME, {
    type: 'oauth2',
    description:
      `A bearer token from the issuer ${auth.issuer} (Cognito access token: its client_id must be the ` +
      `dashboard's app client). /health, the dashboard page and /auth/config.json are open; every other route ` +
      `answers 401 without a valid token and 403 without a required scope.` +
      (auth.scopes.docs.length > 0
        ? ` /openapi.json and /docs need one of: ${auth.scopes.docs.join(', ')}.`
        : ''),
    flows: {
      authorizationCode: {
        authorizationUrl: auth.authorizeUrl,
        tokenUrl: auth.tokenUrl,
        scopes: Object.fromEntries(allScopes.map((scope) => [scope, `read access (${scope})`])),
      },
    },
  });
  for (const definition of app.openAPIRegistry.definitions) {
    if (definition.type !== 'route') continue;
    // A copy per app: the route objects are module constants shared by every app instance.
    definition.route = {
      ...definition.route,
      security:
        routeGroup(definition.route.path) === 'open' ? [] : [{ [SECURITY_SCHEME]: auth.scopes.readings }],
    };
  }
}
