import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { API_LIMITS } from '../../src/constants.js';
import { getJson, testApp } from '../helpers/app.js';

// The document is generated from the route definitions; no AWS call is made.
const client = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'us-east-1' }));
const app = testApp(client, { readingsTable: 'r-table', summaryTable: 's-table' });

type Operation = {
  parameters?: { name: string; in: string; required: boolean; schema: Record<string, unknown> }[];
  responses: Record<string, { content?: Record<string, { schema: Record<string, unknown> }> }>;
};
type Document = {
  openapi: string;
  info: { title: string };
  paths: Record<string, Record<string, Operation>>;
};

const ROUTES = {
  '/health': [],
  '/fetchrecords': ['query:site_id!', 'query:start_date', 'query:end_date'],
  '/fetchanomalies': ['query:site_id!'],
  '/fetchall': [],
  '/v1/sites': ['query:prefix', 'query:limit', 'query:cursor'],
  '/v1/sites/{site_id}/readings': [
    'path:site_id!',
    'query:from',
    'query:to',
    'query:limit',
    'query:cursor',
    'query:order',
  ],
  '/v1/sites/{site_id}/anomalies': [
    'path:site_id!',
    'query:from',
    'query:to',
    'query:limit',
    'query:cursor',
    'query:order',
  ],
  '/v1/readings': ['query:limit', 'query:cursor'],
  '/v1/summary': ['query:from', 'query:to', 'query:bucket', 'query:site_id', 'query:limit', 'query:cursor'],
  '/v1/summary/top': ['query:from', 'query:to', 'query:limit'],
  '/v1/alerts': ['query:site_id', 'query:rule', 'query:state', 'query:limit', 'query:cursor'],
} as const;

describe('GET /openapi.json', () => {
  it('is an OpenAPI 3.1 document of exactly the API routes, with their parameters', async () => {
    // Act
    const { status, body } = await getJson<Document>(app, '/openapi.json');

    // Assess
    expect(status).toBe(200);
    expect(body.openapi).toBe('3.1.0');
    expect(Object.keys(body.paths).sort()).toStrictEqual(Object.keys(ROUTES).sort());
    for (const [path, expected] of Object.entries(ROUTES)) {
      const operation = body.paths[path]?.get;
      const parameters = (operation?.parameters ?? []).map(
        (p) => `${p.in}:${p.name}${p.required ? '!' : ''}`,
      );
      expect(parameters, path).toStrictEqual(expected);
    }
  });

  it('documents the JSON error answers and the limits', async () => {
    // Act
    const { body } = await getJson<Document>(app, '/openapi.json');

    // Assess
    const readings = body.paths['/v1/sites/{site_id}/readings']?.get;
    expect(Object.keys(readings?.responses ?? {}).sort()).toStrictEqual(['200', '400', '414', '503']);
    expect(readings?.responses['400']?.content?.['application/json']?.schema).toStrictEqual({
      $ref: '#/components/schemas/Error',
    });
    const limit = readings?.parameters?.find((p) => p.name === 'limit');
    expect(limit?.schema.description).toBe(
      `Most items in the page, 1-${API_LIMITS.pageSize.max}; default 100.`,
    );
    expect(JSON.stringify(body.paths['/fetchall'])).toContain(
      `more than ${API_LIMITS.compatibleMaxItems} matching`,
    );
  });

  it('describes site_id with the ingest rule', async () => {
    // Act
    const { body } = await getJson<Document>(app, '/openapi.json');

    // Assess
    const siteId = body.paths['/v1/sites/{site_id}/anomalies']?.get?.parameters?.find(
      (p) => p.name === 'site_id',
    );
    expect(siteId?.schema).toMatchObject({
      type: 'string',
      minLength: 1,
      maxLength: 64,
      pattern: '^[A-Za-z0-9][A-Za-z0-9_.-]*$',
    });
  });
});

describe('GET /docs', () => {
  it('is a self-contained HTML reference of every route', async () => {
    // Act
    const res = await app.request('/docs');
    const html = await res.text();

    // Assess
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    for (const path of Object.keys(ROUTES)) expect(html).toContain(`<code>${path}</code>`);
    expect(html).not.toMatch(/<script|<link|src=|https?:\/\//);
  });
});
