import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { fromReadingItem, toFlatRecord } from '@energy/core';
import { type LocalStack, startLocalStack } from '@energy/local-stack';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_LIMITS } from '../../src/constants.js';
import type { ApiApp } from '../../src/http/types.js';
import { type ErrorBody, getJson, testApp } from '../helpers/app.js';
import { batchPut, type Tables } from '../helpers/dynamo.js';
import { readingSeries } from '../helpers/readings.js';

// 'bulk' holds about 1.6 MB (800 items of ~2 KB, the size coming from a long source key):
// DynamoDB cuts a Query or Scan at 1 MB, so every route must follow LastEvaluatedKey to
// return it whole. Few large items keep the emulator fast.
const LONG_SOURCE_KEY = `readings/2025/02/16/${'x'.repeat(1900)}.json`;
const bulk = readingSeries({ site: 'bulk', count: 800, anomalyEvery: 2, sourceKey: LONG_SOURCE_KEY });

let stack: LocalStack;
let tables: Tables;
let app: ApiApp;

beforeAll(async () => {
  stack = await startLocalStack();
  tables = { readingsTable: stack.names.readingsTable, summaryTable: stack.names.summaryTable };
  await batchPut(stack.clients.documentClient, tables.readingsTable, bulk);
  app = testApp(stack.clients.documentClient, tables);
});
afterAll(() => stack?.stop());

describe('Results past DynamoDB’s 1 MB page', () => {
  it('the emulator really cuts an unlimited Query of the site at 1 MB', async () => {
    // Act
    const page = await stack.clients.documentClient.send(
      new QueryCommand({
        TableName: tables.readingsTable,
        KeyConditionExpression: 'site_id = :s',
        ExpressionAttributeValues: { ':s': 'bulk' },
      }),
    );

    // Assess: the premise of the tests below.
    expect(page.LastEvaluatedKey).toBeDefined();
    expect(page.Items?.length).toBeLessThan(bulk.length);
  });

  it('GET /fetchrecords follows pagination to the end', async () => {
    // Act
    const { status, body } = await getJson(app, '/fetchrecords?site_id=bulk');

    // Assess
    expect(status).toBe(200);
    expect(body).toStrictEqual(bulk.map(toFlatRecord));
  });

  it('GET /fetchanomalies follows pagination to the end', async () => {
    // Act
    const { body } = await getJson(app, '/fetchanomalies?site_id=bulk');

    // Assess
    expect(body).toStrictEqual(bulk.filter((r) => r.anomaly).map(toFlatRecord));
  });

  it('GET /fetchall follows the Scan to the end', async () => {
    // Act
    const { body } = await getJson<{ timestamp: string }[]>(app, '/fetchall');

    // Assess
    expect(body).toHaveLength(bulk.length);
    expect(body.map((r) => r.timestamp).sort()).toStrictEqual(bulk.map((r) => r.timestamp));
  });

  it('GET /v1/sites/{site_id}/readings returns everything over many pages, even pages cut at 1 MB', async () => {
    // Act
    const items: unknown[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const { body }: { body: { items: unknown[]; next_cursor: string | null } } = await getJson(
        app,
        `/v1/sites/bulk/readings?limit=1000${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      items.push(...body.items);
      cursor = body.next_cursor;
      pages++;
    } while (cursor);

    // Assess: the 1 MB cut (about 500 items) ends the first page before `limit`.
    expect(items).toStrictEqual(bulk.map(fromReadingItem));
    expect(pages).toBeGreaterThanOrEqual(2);
  });
});

describe('More records than the compatible cap', () => {
  // The documented cap is 10,000; a Query of 10,001 items takes the emulator about 10 s,
  // so the same code path runs here with a cap of 50 (the default's value is asserted below).
  const CAP = 50;
  let capped: ApiApp;

  beforeAll(async () => {
    const huge = readingSeries({ site: 'huge', count: CAP + 1, stepMs: 1000, anomalyEvery: 1 });
    await batchPut(stack.clients.documentClient, tables.readingsTable, huge);
    capped = testApp(stack.clients.documentClient, tables, { limits: { compatibleMaxItems: CAP } });
  });

  it('the documented default cap is 10,000 records', () => {
    // Assess
    expect(API_LIMITS.compatibleMaxItems).toBe(10_000);
  });

  it.each([
    ['/fetchrecords?site_id=huge', 'GET /v1/sites/{site_id}/readings'],
    ['/fetchanomalies?site_id=huge', 'GET /v1/sites/{site_id}/anomalies'],
    ['/fetchall', 'GET /v1/readings'],
  ])('GET %s answers 400 pointing to %s', async (path, alternative) => {
    // Act
    const { status, body } = await getJson<ErrorBody>(capped, path);

    // Assess
    expect(status).toBe(400);
    expect(body.error).toStrictEqual({
      code: 'result_too_large',
      message: `more than ${CAP} records match; this route returns at most ${CAP}, page through them with ${alternative}`,
      requestId: expect.any(String),
    });
  });

  it('exactly the cap is still answered', async () => {
    // Act: 00:00:00 to 00:00:49 holds 50 readings.
    const { status, body } = await getJson<unknown[]>(
      capped,
      '/fetchrecords?site_id=huge&start_date=2025-02-16T00:00:00Z&end_date=2025-02-16T00:00:49Z',
    );

    // Assess
    expect(status).toBe(200);
    expect(body).toHaveLength(CAP);
  });
});
