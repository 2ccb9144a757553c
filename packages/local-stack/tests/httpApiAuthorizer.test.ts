import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import {
  CognitoIdentityProviderClient,
  CreateUserPoolClientCommand,
  InitiateAuthCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { baseClientConfig } from '@energy/aws-clients/endpoint';
import { generateKeyPair, type JWTPayload, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  apiRouteAuthorization,
  DUMMY_CREDENTIALS,
  emulatorEnv,
  type HttpApi,
  type LocalAuth,
  LocalLambda,
  type MotoServer,
  provisionAuth,
  REPOSITORY_ROOT,
  startHttpApi,
  startMoto,
} from '../src/index.js';
import { fixtureBundle, HTTP_HANDLER, removeFixtures } from './helpers/fixtures.js';

// The emulator's user pool is the issuer: real tokens come from InitiateAuth, its keys from
// <endpoint>/<pool>/.well-known/jwks.json. Tokens that InitiateAuth cannot produce (expired ones)
// are signed with the pool's own private key, which moto ships with its package.
const DATA_ROUTES = [
  '/fetchrecords?site_id=site1',
  '/fetchanomalies?site_id=site1',
  '/fetchall',
  '/v1/sites',
  '/v1/sites/site1/readings',
  '/v1/sites/site1/anomalies',
  '/v1/readings',
  '/v1/summary',
  '/v1/alerts?state=open',
  '/openapi.json',
  '/docs',
  '/anything/else',
];
/** Moto's access tokens carry this scope (as Cognito's do after USER_PASSWORD_AUTH). */
const COGNITO_SCOPE = 'aws.cognito.signin.user.admin';

// The pool's key lacks the CRT parameters WebCrypto needs, so the emulator's own Python signs.
const SIGN_WITH_POOL_KEY = `
import json, sys
from joserfc import jwk, jwt
from moto.utilities.utils import load_resource
key = jwk.RSAKey.import_key(load_resource("cognitoidp/resources/jwks-private.json"))
print(jwt.encode({"alg": "RS256", "kid": "dummy"}, json.loads(sys.argv[1]), key))
`;

function signWithPoolKey(claims: JWTPayload): string {
  const python = join(REPOSITORY_ROOT, '.venv', 'bin', 'python');
  return execFileSync(python, ['-c', SIGN_WITH_POOL_KEY, JSON.stringify(claims)], {
    encoding: 'utf8',
  }).trim();
}

let moto: MotoServer;
let auth: LocalAuth;
let fn: LocalLambda;
let api: HttpApi;
let cognito: CognitoIdentityProviderClient;
const tokens: Record<string, string> = {};

async function signIn(clientId: string): Promise<{ access: string; id: string; refresh: string }> {
  const result = await cognito.send(
    new InitiateAuthCommand({
      ClientId: clientId,
      AuthFlow: 'USER_PASSWORD_AUTH',
      AuthParameters: { USERNAME: auth.user.username, PASSWORD: auth.user.password },
    }),
  );
  const { AccessToken, IdToken, RefreshToken } = result.AuthenticationResult ?? {};
  return { access: AccessToken as string, id: IdToken as string, refresh: RefreshToken as string };
}

beforeAll(async () => {
  moto = await startMoto({ port: 0 });
  auth = await provisionAuth(moto.endpoint, 'us-east-1', 'energy-auth');
  cognito = new CognitoIdentityProviderClient({
    ...baseClientConfig(emulatorEnv(moto.endpoint, 'us-east-1')),
    credentials: { ...DUMMY_CREDENTIALS },
  });
  const signedIn = await signIn(auth.clientId);
  tokens.access = signedIn.access;
  tokens.id = signedIn.id;
  // Another app client of the same pool: right issuer and key, wrong audience.
  const other = await cognito.send(
    new CreateUserPoolClientCommand({
      UserPoolId: auth.userPoolId,
      ClientName: 'not-the-dashboard',
      ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH'],
    }),
  );
  tokens.wrongAudience = (await signIn(other.UserPoolClient?.ClientId as string)).access;
  // Another pool: a valid token, the wrong issuer.
  const otherPool = await provisionAuth(moto.endpoint, 'us-east-1', 'energy-other');
  tokens.wrongIssuer = (await signIn(otherPool.clientId)).access;
  const now = Math.floor(Date.now() / 1000);
  const claims = { iss: auth.issuer, client_id: auth.clientId, token_use: 'access', scope: COGNITO_SCOPE };
  tokens.expired = signWithPoolKey({ ...claims, iat: now - 3600, exp: now - 60 });
  tokens.poolSigned = signWithPoolKey({ ...claims, iat: now, exp: now + 600 });
  // Same claims and kid, another key.
  const { privateKey } = await generateKeyPair('RS256');
  tokens.otherKey = await new SignJWT(claims)
    .setProtectedHeader({ alg: 'RS256', kid: 'dummy' })
    .setIssuedAt()
    .setExpirationTime(now + 600)
    .sign(privateKey);

  fn = await LocalLambda.create({
    name: 'energy-auth-api',
    bundle: fixtureBundle(HTTP_HANDLER),
    environment: {},
    timeoutSeconds: 5,
    memoryMb: 128,
    region: 'us-east-1',
    accountId: '123456789012',
  });
  api = await startHttpApi({
    target: fn,
    port: 0,
    accountId: '123456789012',
    authorization: {
      authorizer: auth.authorizer,
      // Data routes accept Cognito's sign-in scope or energy-api/read; the docs need a scope
      // the pool's sign-in tokens never carry.
      routes: apiRouteAuthorization({
        readings: ['energy-api/read', COGNITO_SCOPE],
        docs: ['energy-api/docs'],
      }),
    },
    cors: { allowOrigins: ['https://dashboard.example.com'] },
  });
});

afterAll(async () => {
  await api?.close();
  await fn?.stop();
  cognito?.destroy();
  await moto?.stop();
  removeFixtures();
});

const get = (path: string, token?: string, headers: Record<string, string> = {}) =>
  fetch(`${api.url}${path}`, {
    headers: { ...headers, ...(token ? { authorization: `Bearer ${token}` } : {}) },
  });

describe('Local HTTP API: JWT authorizer with the emulator user pool as issuer', () => {
  const refused: [string, string | undefined, RegExp][] = [
    ['no token', undefined, /no bearer token/],
    ['a malformed token', 'not-a.jwt', /malformed/],
    ['an expired token', 'expired', /expired/],
    ['a token for another app client', 'wrongAudience', /audience .* is not accepted/],
    [
      'a token of another issuer',
      'wrongIssuer',
      /not issued by https:\/\/cognito-idp\.us-east-1\.amazonaws\.com\//,
    ],
    ['a token signed by another key', 'otherKey', /signature does not match/],
  ];
  describe.each(refused)('with %s', (_label, tokenName, reason) => {
    it.each(DATA_ROUTES.filter((path) => !path.startsWith('/docs')))(
      'answers 401 with a JSON reason on %s',
      async (path) => {
        // Act
        const response = await get(
          path,
          tokenName === undefined ? undefined : (tokens[tokenName] ?? tokenName),
        );

        // Assess
        expect(response.status).toBe(401);
        const body = (await response.json()) as { message: string; reason: string };
        expect(body.message).toBe('Unauthorized');
        expect(body.reason).toMatch(reason);
        expect(response.headers.get('www-authenticate')).toMatch(/^Bearer error="invalid_token"/);
      },
    );
  });

  it.each(DATA_ROUTES.filter((path) => !['/openapi.json', '/docs', '/anything/else'].includes(path)))(
    'answers 200 on %s with the access token InitiateAuth issued, and passes the claims on',
    async (path) => {
      const response = await get(path, tokens.access);
      expect(response.status).toBe(200);
      const event = (await response.json()) as {
        requestContext: { authorizer: { jwt: { claims: Record<string, string>; scopes: string[] } } };
      };
      expect(event.requestContext.authorizer.jwt.claims).toMatchObject({
        iss: auth.issuer,
        client_id: auth.clientId,
        username: 'demo',
      });
      expect(event.requestContext.authorizer.jwt.scopes).toStrictEqual([COGNITO_SCOPE]);
    },
  );

  it('accepts the ID token (aud = client id) on a data route that needs no scope', async () => {
    // $default needs a token but no scope; the ID token carries none.
    const response = await get('/anything/else', tokens.id);
    expect(response.status).toBe(200);
    expect(await get('/v1/sites', tokens.id).then((r) => r.status)).toBe(403);
  });

  it('accepts a token signed with the pool key it fetched from the emulator', async () => {
    expect((await get('/v1/sites', tokens.poolSigned)).status).toBe(200);
  });

  it.each(['/openapi.json', '/docs'])(
    'answers 403 with a JSON reason when a valid token lacks the scope of %s',
    async (path) => {
      const response = await get(path, tokens.access);
      expect(response.status).toBe(403);
      expect(await response.json()).toStrictEqual({
        message: 'Forbidden',
        reason: 'the token has none of the scopes this route requires (energy-api/docs)',
      });
      expect(response.headers.get('www-authenticate')).toMatch(/^Bearer error="insufficient_scope"/);
    },
  );

  it.each(['/health', '/', '/assets/dashboard.js', '/auth/config.json'])('leaves %s open', async (path) => {
    const response = await get(path);
    expect(response.status).toBe(200);
    const event = (await response.json()) as { requestContext: Record<string, unknown> };
    expect(event.requestContext.authorizer).toBeUndefined();
  });

  it('answers a CORS preflight from an allowed origin before the authorizer, and no other origin', async () => {
    const preflight = (origin: string) =>
      fetch(`${api.url}/v1/sites`, {
        method: 'OPTIONS',
        headers: {
          origin,
          'access-control-request-method': 'GET',
          'access-control-request-headers': 'authorization',
        },
      });
    const allowed = await preflight('https://dashboard.example.com');
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://dashboard.example.com');
    expect(allowed.headers.get('access-control-allow-headers')).toContain('authorization');
    const other = await preflight('https://evil.example.com');
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
    const data = await get('/v1/sites', tokens.access, { origin: 'https://dashboard.example.com' });
    expect(data.headers.get('access-control-allow-origin')).toBe('https://dashboard.example.com');
  });
});
