import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { apiRouteAuthorization, matchRoute } from '@energy/local-stack';
import { describe, expect, it } from 'vitest';
import { getJson, testApp } from '../helpers/app.js';

// The HTTP API's routes come from infra/modules/http_api/routes.json (Terraform and the local
// stack read the same file). Every documented data route, /v1/alerts included, must fall under
// a JWT route with the data scopes, not under an open one.
const client = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'us-east-1' }));
const app = testApp(client, { readingsTable: 'r-table', summaryTable: 's-table' });
const SCOPES = { readings: ['energy/read'], docs: ['energy/docs'] };

describe('routes.json', () => {
  it('puts every documented /v1 and /fetch route behind the JWT authorizer with the data scopes', async () => {
    // Prepare
    const { body } = await getJson<{ paths: Record<string, unknown> }>(app, '/openapi.json');
    const routes = apiRouteAuthorization(SCOPES).filter((route) => route.routeKey !== '$default');
    const paths = Object.keys(body.paths).filter((path) => /^\/(v1|fetch)/.test(path));

    // Act
    const matched = paths.map((path) => {
      const concrete = path.replaceAll(/\{[^}]+\}/g, 'site1');
      return { path, route: routes.find((route) => matchRoute(route.routeKey, 'GET', concrete)) };
    });

    // Assess
    expect(paths).toContain('/v1/alerts');
    for (const { path, route } of matched) {
      expect(route, path).toMatchObject({ authorizationType: 'JWT', scopes: SCOPES.readings });
    }
  });
});
