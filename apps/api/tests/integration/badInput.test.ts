import { type LocalStack, startLocalStack } from '@energy/local-stack';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiApp } from '../../src/http/types.js';
import { type ErrorBody, getJson, testApp } from '../helpers/app.js';
import { seed } from '../helpers/dynamo.js';
import { readingSeries } from '../helpers/readings.js';

let stack: LocalStack;
let app: ApiApp;

beforeAll(async () => {
  stack = await startLocalStack();
  const tables = { readingsTable: stack.names.readingsTable, summaryTable: stack.names.summaryTable };
  await seed(
    stack.clients.documentClient,
    tables,
    readingSeries({ site: 'site1', count: 12, anomalyEvery: 3 }),
  );
  app = testApp(stack.clients.documentClient, tables);
});
afterAll(() => stack?.stop());

const SITE_CHARSET = 'may contain only letters, digits, "_", "-" and ".", starting with a letter or digit';
const TIMESTAMP =
  'must be ISO-8601 with a zone, e.g. 2025-02-16T21:30:43Z or 2025-02-16T22:30:43+01:00, or a date such as 2025-02-16';
const LIMIT = (got: string) => `must be an integer between 1 and 1000, got ${JSON.stringify(got)}`;
const READINGS_PARAMS = 'is not a parameter of this route; it accepts from, to, limit, cursor, order';

describe('Bad input answers 400 naming the parameter and the reason', () => {
  it.each([
    // missing or malformed site_id
    ['/fetchrecords', 'site_id', 'is required'],
    ['/fetchanomalies', 'site_id', 'is required'],
    ['/fetchrecords?site_id=', 'site_id', 'must not be empty'],
    ['/fetchrecords?site_id=site%231', 'site_id', SITE_CHARSET],
    ['/fetchanomalies?site_id=-site', 'site_id', SITE_CHARSET],
    [`/fetchrecords?site_id=${'s'.repeat(65)}`, 'site_id', 'must be at most 64 characters, got 65'],
    ['/fetchrecords?site_id=a&site_id=b', 'site_id', 'must be given once, not repeated'],
    ['/v1/sites/site%231/readings', 'site_id', SITE_CHARSET],
    ['/v1/sites/%20/anomalies', 'site_id', SITE_CHARSET],
    [`/v1/sites/${'x'.repeat(65)}/readings`, 'site_id', 'must be at most 64 characters, got 65'],
    ['/v1/summary?site_id=a%2Fb', 'site_id', SITE_CHARSET],
    // unparseable dates
    ['/fetchrecords?site_id=site1&start_date=yesterday', 'start_date', TIMESTAMP],
    [
      '/fetchrecords?site_id=site1&end_date=2025-02-30',
      'end_date',
      'day 30 is out of range 01-28 for 2025-02',
    ],
    [
      '/v1/sites/site1/readings?from=2025-02-16T21:30:43',
      'from',
      'must be ISO-8601 with a zone, e.g. 2025-02-16T21:30:43Z or 2025-02-16T22:30:43+01:00',
    ],
    ['/v1/sites/site1/anomalies?to=2025-13-01', 'to', 'month 13 is out of range 01-12'],
    ['/v1/summary?from=2025-02-16T25:00:00Z', 'from', 'hour 25 is out of range 00-23'],
    ['/v1/summary?to=1739741443', 'to', TIMESTAMP],
    // from after to
    [
      '/fetchrecords?site_id=site1&start_date=2025-02-17&end_date=2025-02-16',
      'start_date',
      'must not be after end_date (2025-02-16T23:59:59.999Z)',
    ],
    [
      '/v1/sites/site1/readings?from=2025-02-17&to=2025-02-16',
      'from',
      'must not be after to (2025-02-16T23:59:59.999Z)',
    ],
    [
      '/v1/sites/site1/anomalies?from=2025-02-16T12:00:00Z&to=2025-02-16T11:59:59Z',
      'from',
      'must not be after to (2025-02-16T11:59:59.000Z)',
    ],
    ['/v1/summary?from=2025-02-17&to=2025-02-16', 'from', 'must not be after to (2025-02-16T23:59:59.999Z)'],
    [
      '/v1/summary?from=2024-01-01&to=2025-01-01',
      'from',
      'gives a range of 8808 hour buckets; at most 169 are allowed: narrow the range or use bucket=day',
    ],
    // limit out of range
    ['/v1/sites/site1/readings?limit=0', 'limit', LIMIT('0')],
    ['/v1/sites/site1/readings?limit=1001', 'limit', LIMIT('1001')],
    ['/v1/sites/site1/anomalies?limit=-5', 'limit', LIMIT('-5')],
    ['/v1/readings?limit=ten', 'limit', LIMIT('ten')],
    ['/v1/readings?limit=1.5', 'limit', LIMIT('1.5')],
    ['/v1/readings?limit=', 'limit', LIMIT('')],
    ['/v1/readings?limit=99999999999', 'limit', LIMIT('99999999999')],
    // other enumerations and unknown parameters
    ['/v1/sites/site1/readings?order=newest', 'order', 'must be one of "asc", "desc", got "newest"'],
    ['/v1/summary?bucket=week', 'bucket', 'must be one of "hour", "day", got "week"'],
    ['/v1/summary?bucket=day&bucket=hour', 'bucket', 'must be given once, not repeated'],
    ['/v1/sites/site1/readings?form=2025-02-16', 'form', READINGS_PARAMS],
    ['/v1/sites?verbose=1', 'verbose', 'is not a parameter of this route; it accepts '],
    // cursors
    [
      '/v1/readings?cursor=not-a-cursor',
      'cursor',
      'is malformed: pass back the next_cursor of a previous page unchanged',
    ],
    [`/v1/readings?cursor=${'a'.repeat(1025)}`, 'cursor', 'must be at most 1024 characters'],
  ])('GET %s → 400 on %s', async (path, parameter, reason) => {
    // Act
    const { status, body, headers } = await getJson<ErrorBody>(app, path);

    // Assess
    expect(status).toBe(400);
    expect(headers.get('content-type')).toMatch(/^application\/json/);
    expect(body.error.parameter).toBe(parameter);
    expect(body.error.reason).toEqual(reason.endsWith(' ') ? expect.stringContaining(reason) : reason);
    expect(body.error.message).toBe(`${parameter} ${body.error.reason}`);
    expect(body.error.requestId).toBe(headers.get('x-request-id'));
  });
});

describe('Cursors', () => {
  async function firstCursor(path: string): Promise<string> {
    const { body } = await getJson<{ next_cursor: string }>(app, path);
    expect(body.next_cursor).toEqual(expect.any(String));
    return body.next_cursor;
  }

  it.each([
    ['another site', '/v1/sites/site1/readings?limit=2', '/v1/sites/site2/readings?limit=2'],
    ['another range', '/v1/sites/site1/readings?limit=2', '/v1/sites/site1/readings?limit=2&from=2025-02-16'],
    ['another order', '/v1/sites/site1/readings?limit=2', '/v1/sites/site1/readings?limit=2&order=desc'],
    ['another route', '/v1/sites/site1/readings?limit=2', '/v1/sites/site1/anomalies?limit=2'],
    ['the scan route', '/v1/readings?limit=2', '/v1/sites/site1/readings?limit=2'],
  ])('a cursor replayed on %s is a 400, not a 500', async (_, issuedBy, replayedOn) => {
    // Prepare
    const cursor = await firstCursor(issuedBy);

    // Act
    const { status, body } = await getJson<ErrorBody>(app, `${replayedOn}&cursor=${cursor}`);

    // Assess
    expect(status).toBe(400);
    expect(body.error).toStrictEqual({
      code: 'invalid_cursor',
      message: expect.any(String),
      parameter: 'cursor',
      reason:
        'does not belong to this query: it was altered, or issued for another route, site, range or order',
      requestId: expect.any(String),
    });
  });

  it('a tampered cursor is a 400', async () => {
    // Prepare: point the payload at another partition, keep the signature.
    const [version, , mac] = (await firstCursor('/v1/sites/site1/readings?limit=2')).split('.');
    const payload = Buffer.from(
      JSON.stringify({ site_id: 'site2', timestamp: '2025-02-16T00:00:00.000Z' }),
    ).toString('base64url');

    // Act
    const { status, body } = await getJson<ErrorBody>(
      app,
      `/v1/sites/site1/readings?limit=2&cursor=${version}.${payload}.${mac}`,
    );

    // Assess
    expect(status).toBe(400);
    expect(body.error.code).toBe('invalid_cursor');
  });

  it('a raw LastEvaluatedKey is not accepted as a cursor', async () => {
    // Act
    const raw = encodeURIComponent(
      JSON.stringify({ site_id: 'site1', timestamp: '2025-02-16T00:01:00.000Z' }),
    );
    const { status, body } = await getJson<ErrorBody>(app, `/v1/sites/site1/readings?cursor=${raw}`);

    // Assess
    expect(status).toBe(400);
    expect(body.error.parameter).toBe('cursor');
  });
});

describe('Unknown routes, wrong methods, oversized queries', () => {
  it.each([
    '/nope',
    '/v1',
    '/v1/sites/site1',
    '/v1/sites/site1/readings/extra',
    '/fetchrecords/',
    '/V1/SITES',
  ])('GET %s → 404 JSON', async (path) => {
    // Act
    const { status, body } = await getJson<ErrorBody>(app, path);

    // Assess
    expect(status).toBe(404);
    expect(body.error.code).toBe('not_found');
    expect(body.error.message).toBe(`no route GET ${path}; see GET /openapi.json for the routes`);
  });

  it.each([
    ['POST', '/fetchrecords'],
    ['PUT', '/v1/sites'],
    ['DELETE', '/v1/sites/site1/readings'],
    ['PATCH', '/v1/summary'],
    ['POST', '/health'],
    ['OPTIONS', '/v1/readings'],
    ['POST', '/openapi.json'],
  ])('%s %s → 405 with Allow', async (method, path) => {
    // Act
    const res = await app.request(path, { method });
    const body = (await res.json()) as ErrorBody;

    // Assess
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('GET, HEAD');
    expect(body.error.code).toBe('method_not_allowed');
    expect(body.error.message).toBe(`${path} does not accept ${method}; it accepts GET, HEAD`);
  });

  it('a query string over 2048 characters → 414', async () => {
    // Act
    const { status, body } = await getJson<ErrorBody>(
      app,
      `/fetchrecords?site_id=site1&x=${'y'.repeat(2040)}`,
    );

    // Assess
    expect(status).toBe(414);
    expect(body.error).toStrictEqual({
      code: 'query_too_long',
      message: 'the query string has 2056 characters; at most 2048 are accepted',
      requestId: expect.any(String),
    });
  });
});

describe('No input makes it answer 5xx', () => {
  const paths = [
    '/fetchrecords',
    '/fetchanomalies',
    '/fetchall',
    '/v1/sites',
    '/v1/sites/site1/readings',
    '/v1/sites/site1/anomalies',
    '/v1/readings',
    '/v1/summary',
  ];
  const names = [
    'site_id',
    'start_date',
    'end_date',
    'from',
    'to',
    'limit',
    'cursor',
    'order',
    'bucket',
    'x',
  ];
  const value = fc.oneof(
    fc.string(),
    fc.constantFrom('site1', '2025-02-16', '2025-02-16T21:30:43Z', '100', 'desc', 'day', 'v1.e30.AAAA'),
    fc.integer().map(String),
    fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
  );

  it('answers < 500 to arbitrary query parameters on every route (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...paths),
        fc.array(fc.tuple(fc.constantFrom(...names), value), { maxLength: 4 }),
        async (path, pairs) => {
          const query = new URLSearchParams(pairs).toString();
          const res = await app.request(query ? `${path}?${query}` : path);
          expect(res.status, `${path}?${query}`).toBeLessThan(500);
          expect(res.headers.get('content-type')).toMatch(/^application\/json/);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('answers < 500 to arbitrary path segments as site ids (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string({ minLength: 1 }),
        fc.constantFrom('readings', 'anomalies'),
        async (site, kind) => {
          const res = await app.request(`/v1/sites/${encodeURIComponent(site)}/${kind}`);
          expect(res.status, site).toBeLessThan(500);
        },
      ),
      { numRuns: 150 },
    );
  });

  it.each(['%', '%E0%A4%A', '%00', '%FF%FE'])('answers < 500 to a malformed escape %s', async (raw) => {
    // Act
    const inQuery = await app.request(`/fetchrecords?site_id=${raw}`);
    const inPath = await app.request(`/v1/sites/${raw}/readings`);

    // Assess
    expect(inQuery.status).toBe(400);
    expect(inPath.status).toBeLessThan(500);
  });
});
