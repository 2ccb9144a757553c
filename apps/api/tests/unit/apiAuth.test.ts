import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterEach, describe, expect, it } from 'vitest';
import { API_AUTH_VARIABLE, parseApiAuth } from '../../src/auth/apiAuth.js';
import { EnvironmentError } from '../../src/environment.js';
import { getJson, testApp } from '../helpers/app.js';

// The document and the config route make no AWS call.
const client = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'us-east-1' }));
const tables = { readingsTable: 'r-table', summaryTable: 's-table' };
const JWT = {
  mode: 'jwt',
  issuer: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_abc',
  clientId: 'client123',
  authorizeUrl: 'https://energy.auth.eu-west-1.amazoncognito.com/oauth2/authorize',
  tokenUrl: 'https://energy.auth.eu-west-1.amazoncognito.com/oauth2/token',
  scopes: { readings: ['energy-api/read'], docs: [] },
};

type Document = {
  components?: { securitySchemes?: Record<string, { type: string; flows: Record<string, unknown> }> };
  paths: Record<string, Record<string, { security?: Record<string, string[]>[] }>>;
};

afterEach(() => {
  delete process.env[API_AUTH_VARIABLE];
});

describe('Function: parseApiAuth', () => {
  it('is none when API_AUTH is unset', () => {
    expect(parseApiAuth({})).toStrictEqual({ mode: 'none' });
  });

  it('parses a JWT configuration, scopes defaulting to none', () => {
    const { scopes: _scopes, ...withoutScopes } = JWT;
    expect(parseApiAuth({ API_AUTH: JSON.stringify(withoutScopes) })).toStrictEqual({
      ...withoutScopes,
      scopes: { readings: [], docs: [] },
    });
  });

  it.each([
    ['not json', '{', /API_AUTH is not JSON/],
    ['an unknown mode', '{"mode":"iam"}', /API_AUTH field mode/],
    ['a bad issuer', JSON.stringify({ ...JWT, issuer: 'nope' }), /API_AUTH field issuer/],
    [
      'a scope with a space',
      JSON.stringify({ ...JWT, scopes: { readings: ['a b'] } }),
      /field scopes\.readings\.0: a scope has no spaces/,
    ],
  ])('refuses %s, naming the field', (_label, raw, message) => {
    expect(() => parseApiAuth({ API_AUTH: raw })).toThrow(EnvironmentError);
    expect(() => parseApiAuth({ API_AUTH: raw })).toThrow(message);
  });
});

describe('Function: registerApiAuth', () => {
  it('documents the OAuth 2.0 scheme and each route’s scopes, /health open', async () => {
    // Prepare
    process.env[API_AUTH_VARIABLE] = JSON.stringify(JWT);
    const app = testApp(client, tables);

    // Act
    const { body } = await getJson<Document>(app, '/openapi.json');

    // Assess
    expect(body.components?.securitySchemes?.cognito).toMatchObject({
      type: 'oauth2',
      flows: {
        authorizationCode: {
          authorizationUrl: JWT.authorizeUrl,
          tokenUrl: JWT.tokenUrl,
          scopes: { 'energy-api/read': expect.any(String) },
        },
      },
    });
    expect(body.paths['/health']?.get?.security).toStrictEqual([]);
    for (const path of [
      '/fetchrecords',
      '/fetchall',
      '/v1/sites',
      '/v1/summary',
      '/v1/sites/{site_id}/readings',
    ])
      expect(body.paths[path]?.get?.security).toStrictEqual([{ cognito: ['energy-api/read'] }]);
  });

  it('serves the dashboard its public sign-in settings', async () => {
    process.env[API_AUTH_VARIABLE] = JSON.stringify(JWT);
    const { status, body } = await getJson(testApp(client, tables), '/auth/config.json');
    expect(status).toBe(200);
    expect(body).toStrictEqual({
      mode: 'jwt',
      clientId: 'client123',
      authorizeUrl: JWT.authorizeUrl,
      tokenUrl: JWT.tokenUrl,
      scopes: ['openid', 'energy-api/read'],
    });
  });

  it('documents no scheme when auth is off, and another app is not affected by an earlier one', async () => {
    process.env[API_AUTH_VARIABLE] = JSON.stringify(JWT);
    testApp(client, tables);
    delete process.env[API_AUTH_VARIABLE];
    const app = testApp(client, tables);
    const { body } = await getJson<Document>(app, '/openapi.json');
    expect(body.components?.securitySchemes).toBeUndefined();
    expect(body.paths['/v1/sites']?.get?.security).toBeUndefined();
    expect((await getJson(app, '/auth/config.json')).body).toStrictEqual({ mode: 'none' });
  });
});
