import { fromReadingItem, type ReadingItem, toFlatRecord } from '@energy/core';
import { type LocalStack, startLocalStack } from '@energy/local-stack';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ApiApp } from '../../src/http/types.js';
import { getJson, silentLogger, testApp } from '../helpers/app.js';
import { seed, type Tables } from '../helpers/dynamo.js';
import { expectedTotals, readingItem, readingSeries } from '../helpers/readings.js';

type Page = { items: ReturnType<typeof fromReadingItem>[]; next_cursor: string | null };

// site1: 30 readings one a minute from 21:00, every 5th anomalous (6 anomalies).
const site1 = readingSeries({ site: 'site1', count: 30, start: '2025-02-16T21:00:00.000Z', anomalyEvery: 5 });
// site2: 10 readings from 22:00, one with a negative consumption.
const site2 = [
  ...readingSeries({ site: 'site2', count: 9, start: '2025-02-16T22:00:00.000Z' }),
  readingItem({ site: 'site2', timestamp: '2025-02-16T22:30:00.000Z', generated: 5, consumed: -1 }),
];
// site10: 5 readings on the previous day.
const site10 = readingSeries({
  site: 'site10',
  count: 5,
  start: '2025-02-15T08:00:00.000Z',
  stepMs: 3_600_000,
});
const all = [...site1, ...site2, ...site10];

let stack: LocalStack;
let tables: Tables;
let app: ApiApp;

beforeAll(async () => {
  stack = await startLocalStack();
  tables = { readingsTable: stack.names.readingsTable, summaryTable: stack.names.summaryTable };
  await seed(stack.clients.documentClient, tables, all);
  app = testApp(stack.clients.documentClient, tables);
});
afterAll(() => stack?.stop());

const byTime = (a: { timestamp: string }, b: { timestamp: string }) => a.timestamp.localeCompare(b.timestamp);
const flat = (items: readonly ReadingItem[]) => items.map(toFlatRecord);

async function followCursors(path: string): Promise<{ pages: Page[]; items: Page['items'] }> {
  const pages: Page[] = [];
  let cursor: string | null = null;
  do {
    const separator = path.includes('?') ? '&' : '?';
    const { status, body }: { status: number; body: Page } = await getJson(
      app,
      cursor ? `${path}${separator}cursor=${encodeURIComponent(cursor)}` : path,
    );
    expect(status).toBe(200);
    pages.push(body);
    cursor = body.next_cursor;
  } while (cursor);
  return { pages, items: pages.flatMap((p) => p.items) };
}

describe('Compatible routes', () => {
  it('GET /health answers ok', async () => {
    // Act
    const { status, body } = await getJson(app, '/health');

    // Assess
    expect(status).toBe(200);
    expect(body).toStrictEqual({ status: 'ok' });
  });

  it('GET /fetchrecords answers the flat records between two timestamps, inclusive', async () => {
    // Act
    const { status, body } = await getJson(
      app,
      '/fetchrecords?site_id=site1&start_date=2025-02-16T21:05:00Z&end_date=2025-02-16T21:07:00Z',
    );

    // Assess
    expect(status).toBe(200);
    expect(body).toStrictEqual(flat(site1.slice(5, 8)));
  });

  it('GET /fetchrecords normalises offsets and date-only bounds', async () => {
    // Act: 22:05+01:00 is 21:05Z; a date-only end covers its whole UTC day.
    const { body } = await getJson(
      app,
      `/fetchrecords?site_id=site1&start_date=${encodeURIComponent('2025-02-16T22:05:00+01:00')}&end_date=2025-02-16`,
    );

    // Assess
    expect(body).toStrictEqual(flat(site1.slice(5)));
  });

  it('GET /fetchrecords without dates answers the whole history of the site', async () => {
    // Act
    const { body } = await getJson(app, '/fetchrecords?site_id=site10');

    // Assess
    expect(body).toStrictEqual(flat(site10));
  });

  it('GET /fetchrecords of an unknown site answers an empty array', async () => {
    // Act
    const { status, body } = await getJson(app, '/fetchrecords?site_id=site99');

    // Assess
    expect(status).toBe(200);
    expect(body).toStrictEqual([]);
  });

  it('GET /fetchanomalies answers exactly the anomalous records of the site', async () => {
    // Act
    const { status, body } = await getJson(app, '/fetchanomalies?site_id=site1');

    // Assess
    expect(status).toBe(200);
    expect(body).toStrictEqual(flat(site1.filter((r) => r.anomaly)));
    expect(body).toHaveLength(6);
  });

  it('GET /fetchall answers every record', async () => {
    // Act
    const { status, body } = await getJson<ReturnType<typeof toFlatRecord>[]>(app, '/fetchall');

    // Assess
    expect(status).toBe(200);
    expect(
      [...body].sort((a, b) => `${a.site_id}${a.timestamp}`.localeCompare(`${b.site_id}${b.timestamp}`)),
    ).toStrictEqual(
      flat(all).sort((a, b) => `${a.site_id}${a.timestamp}`.localeCompare(`${b.site_id}${b.timestamp}`)),
    );
  });
});

describe('Paginated routes', () => {
  it('GET /v1/sites answers the registry in natural order', async () => {
    // Act
    const { status, body } = await getJson(app, '/v1/sites');

    // Assess
    expect(status).toBe(200);
    expect(body).toStrictEqual({
      items: [{ site_id: 'site1' }, { site_id: 'site2' }, { site_id: 'site10' }],
      total: 3,
      next_cursor: null,
    });
  });

  it('GET /v1/sites pages with HMAC-bound cursors and searches by prefix', async () => {
    // Act
    const first = await getJson<{ items: { site_id: string }[]; next_cursor: string }>(
      app,
      '/v1/sites?limit=2',
    );
    const second = await getJson<{ items: { site_id: string }[]; next_cursor: string | null }>(
      app,
      `/v1/sites?limit=2&cursor=${encodeURIComponent(first.body.next_cursor)}`,
    );
    const replayed = await getJson(
      app,
      `/v1/sites?limit=2&prefix=site&cursor=${encodeURIComponent(first.body.next_cursor)}`,
    );
    const search = await getJson(app, '/v1/sites?prefix=site1');

    // Assess
    expect(first.body.items).toStrictEqual([{ site_id: 'site1' }, { site_id: 'site2' }]);
    expect(second.body).toStrictEqual({ items: [{ site_id: 'site10' }], total: 3, next_cursor: null });
    expect(replayed.status).toBe(400);
    expect(search.body).toStrictEqual({
      items: [{ site_id: 'site1' }, { site_id: 'site10' }],
      total: 2,
      next_cursor: null,
    });
  });

  it('GET /v1/sites/{site_id}/readings pages through every reading with opaque cursors', async () => {
    // Act
    const { pages, items } = await followCursors('/v1/sites/site1/readings?limit=7');

    // Assess: 30 readings in pages of 7; DynamoDB may end on an empty page after a full one.
    expect(items).toStrictEqual(site1.map(fromReadingItem));
    expect(pages.slice(0, 4).map((p) => p.items.length)).toStrictEqual([7, 7, 7, 7]);
    expect(pages.at(-1)?.next_cursor).toBeNull();
    for (const page of pages.slice(0, -1)) expect(page.next_cursor).not.toContain('site1');
  });

  it('GET /v1/sites/{site_id}/readings honours from, to and order=desc', async () => {
    // Act
    const { items } = await followCursors(
      '/v1/sites/site1/readings?from=2025-02-16T21:10:00Z&to=2025-02-16T21:19:59Z&order=desc&limit=4',
    );

    // Assess
    expect(items).toStrictEqual(site1.slice(10, 20).reverse().map(fromReadingItem));
  });

  it('GET /v1/sites/{site_id}/readings uses the default page size of 100', async () => {
    // Act
    const { body } = await getJson<Page>(app, '/v1/sites/site1/readings');

    // Assess
    expect(body.items).toHaveLength(30);
    expect(body.next_cursor).toBeNull();
  });

  it('GET /v1/sites/{site_id}/anomalies pages through the anomalies with their reasons', async () => {
    // Act
    const { items } = await followCursors('/v1/sites/site1/anomalies?limit=4');

    // Assess
    expect(items).toStrictEqual(site1.filter((r) => r.anomaly).map(fromReadingItem));
    expect(items.every((r) => r.anomaly_reasons.length > 0)).toBe(true);
  });

  it('GET /v1/sites/{site_id}/anomalies newest first for the dashboard', async () => {
    // Act
    const { body } = await getJson<Page>(app, '/v1/sites/site2/anomalies?order=desc&limit=20');

    // Assess
    expect(body.items).toStrictEqual([fromReadingItem(site2[9] as ReadingItem)]);
  });

  it('GET /v1/readings scans every reading across pages', async () => {
    // Act
    const { pages, items } = await followCursors('/v1/readings?limit=10');

    // Assess
    expect(pages.length).toBeGreaterThanOrEqual(5);
    expect(
      [...items]
        .sort(byTime)
        .map((r) => `${r.site_id}@${r.timestamp}`)
        .sort(),
    ).toStrictEqual(all.map((r) => `${r.site_id}@${r.timestamp}`).sort());
  });
});

describe('Summary route', () => {
  const totalsOf = (items: readonly ReadingItem[]) => expectedTotals(items.map(fromReadingItem));
  const zero = { generated_kwh: 0, consumed_kwh: 0, net_kwh: 0, count: 0, anomalies: 0, excluded: 0 };

  it('GET /v1/summary gives the fleet per hour and a page of per-site totals', async () => {
    // Act
    const { status, body } = await getJson(app, '/v1/summary?from=2025-02-16&to=2025-02-16&bucket=hour');

    // Assess
    const site1Totals = totalsOf(site1);
    const site2Totals = totalsOf(site2);
    expect(status).toBe(200);
    expect(body).toStrictEqual({
      bucket: 'hour',
      from: '2025-02-16T00:00:00.000Z',
      to: '2025-02-16T23:59:59.999Z',
      totals: totalsOf([...site1, ...site2]),
      timeline: [
        { bucket: '2025-02-16T21', ...site1Totals },
        { bucket: '2025-02-16T22', ...site2Totals },
      ],
      items: [
        { site_id: 'site1', bucket: '2025-02-16T21', ...site1Totals },
        { site_id: 'site2', bucket: '2025-02-16T22', ...site2Totals },
      ],
      sites: [
        { site_id: 'site1', ...site1Totals },
        { site_id: 'site2', ...site2Totals },
        { site_id: 'site10', ...zero },
      ],
      next_cursor: null,
    });
    expect(site1Totals.anomalies).toBe(6);
    expect(site1Totals.excluded).toBe(6);
    expect(site2Totals.excluded).toBe(1);
  });

  it('GET /v1/summary leaves faulty values out of the energy totals', async () => {
    // Act
    const { body } = await getJson<{ totals: { generated_kwh: number; excluded: number } }>(
      app,
      '/v1/summary?from=2025-02-16T22:00:00Z&to=2025-02-16T22:59:59Z&bucket=hour',
    );

    // Assess: site2's 22:30 reading (5 generated, -1 consumed) brings no energy
    const sane = site2.slice(0, 9).map(fromReadingItem);
    expect(body.totals.excluded).toBe(1);
    expect(body.totals.generated_kwh).toBe(expectedTotals(sane).generated_kwh);
  });

  it('GET /v1/summary with bucket=day reads the day records and rollups', async () => {
    // Act
    const { body } = await getJson<{ items: unknown[]; timeline: unknown[] }>(
      app,
      '/v1/summary?from=2025-02-15&to=2025-02-16&bucket=day',
    );

    // Assess
    expect(body.items).toStrictEqual([
      { site_id: 'site1', bucket: '2025-02-16', ...totalsOf(site1) },
      { site_id: 'site2', bucket: '2025-02-16', ...totalsOf(site2) },
      { site_id: 'site10', bucket: '2025-02-15', ...totalsOf(site10) },
    ]);
    expect(body.timeline).toStrictEqual([
      { bucket: '2025-02-15', ...totalsOf(site10) },
      { bucket: '2025-02-16', ...totalsOf([...site1, ...site2]) },
    ]);
  });

  it('GET /v1/summary with site_id gives the timeline and totals of that site', async () => {
    // Act
    const { body } = await getJson<{ sites: unknown[]; timeline: unknown[]; totals: unknown }>(
      app,
      '/v1/summary?from=2025-02-15&to=2025-02-16&bucket=day&site_id=site10',
    );

    // Assess
    expect(body.sites).toStrictEqual([{ site_id: 'site10', ...totalsOf(site10) }]);
    expect(body.timeline).toStrictEqual([{ bucket: '2025-02-15', ...totalsOf(site10) }]);
    expect(body.totals).toStrictEqual(totalsOf(site10));
  });

  it('GET /v1/summary pages the sites with a cursor bound to the range', async () => {
    // Act
    const first = await getJson<{ sites: { site_id: string }[]; next_cursor: string }>(
      app,
      '/v1/summary?from=2025-02-15&to=2025-02-16&bucket=day&limit=2',
    );
    const next = await getJson<{ sites: { site_id: string }[]; next_cursor: string | null }>(
      app,
      `/v1/summary?from=2025-02-15&to=2025-02-16&bucket=day&limit=2&cursor=${encodeURIComponent(first.body.next_cursor)}`,
    );
    const otherRange = await getJson(
      app,
      `/v1/summary?from=2025-02-14&to=2025-02-16&bucket=day&limit=2&cursor=${encodeURIComponent(first.body.next_cursor)}`,
    );

    // Assess
    expect(first.body.sites.map((s) => s.site_id)).toStrictEqual(['site1', 'site2']);
    expect(next.body.sites.map((s) => s.site_id)).toStrictEqual(['site10']);
    expect(next.body.next_cursor).toBeNull();
    expect(otherRange.status).toBe(400);
  });

  it('GET /v1/summary/top ranks the sites by anomalies and by net energy', async () => {
    // Act
    const { status, body } = await getJson<{
      by_anomalies: { site_id: string; anomalies: number }[];
      by_net: { site_id: string; net_kwh: number }[];
      sites: number;
    }>(app, '/v1/summary/top?from=2025-02-15&to=2025-02-16&limit=2');

    // Assess
    expect(status).toBe(200);
    expect(body.sites).toBe(3);
    expect(body.by_anomalies.map((s) => [s.site_id, s.anomalies])).toStrictEqual([
      ['site1', 6],
      ['site2', 1],
    ]);
    const nets = [site1, site2, site10].map((items) => totalsOf(items).net_kwh);
    expect(body.by_net.map((s) => s.net_kwh)).toStrictEqual([...nets].sort((a, b) => b - a).slice(0, 2));
  });

  it('GET /v1/summary defaults to the 24 hours before now', async () => {
    // Prepare: a clock just after site2's readings.
    const clocked = testApp(stack.clients.documentClient, tables, {
      now: () => Date.parse('2025-02-17T10:00:00.000Z'),
    });

    // Act
    const { body } = await getJson<{ from: string; to: string; timeline: { bucket: string }[] }>(
      clocked,
      '/v1/summary',
    );

    // Assess
    expect(body.from).toBe('2025-02-16T10:00:00.001Z');
    expect(body.to).toBe('2025-02-17T10:00:00.000Z');
    expect(body.timeline.map((t) => t.bucket)).toStrictEqual(['2025-02-16T21', '2025-02-16T22']);
  });
});

describe('HTTP behaviour', () => {
  it('answers HEAD like GET without a body', async () => {
    // Act
    const res = await app.request('/health', { method: 'HEAD' });

    // Assess
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('');
  });

  it('sends the request id in x-request-id', async () => {
    // Act
    const res = await app.request('/v1/sites');

    // Assess
    expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('logs one line per request with request id, route, status and latency', async () => {
    // Prepare
    const logger = silentLogger();
    const info = vi.spyOn(logger, 'info');
    const logged = testApp(stack.clients.documentClient, tables, { logger });

    // Act
    const res = await logged.request('/v1/sites/site1/readings?limit=1');

    // Assess
    expect(info).toHaveBeenCalledTimes(1);
    expect(info).toHaveBeenCalledWith('request', {
      requestId: res.headers.get('x-request-id'),
      method: 'GET',
      route: '/v1/sites/:site_id/readings',
      path: '/v1/sites/site1/readings',
      status: 200,
      latencyMs: expect.any(Number),
    });
  });
});

describe('Pages hook (dashboard)', () => {
  it('serves registered pages with routing, 405 and the request log', async () => {
    // Prepare
    const logger = silentLogger();
    const info = vi.spyOn(logger, 'info');
    const withPage = testApp(stack.clients.documentClient, tables, {
      logger,
      registerPages: (pageApp) => pageApp.get('/', (c) => c.html('<h1>dashboard</h1>')),
    });

    // Act
    const page = await withPage.request('/');
    const post = await withPage.request('/', { method: 'POST' });
    const spec = await getJson<{ paths: Record<string, unknown> }>(withPage, '/openapi.json');

    // Assess
    expect(page.status).toBe(200);
    expect(await page.text()).toBe('<h1>dashboard</h1>');
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD');
    expect(info).toHaveBeenCalledWith('request', expect.objectContaining({ route: '/', status: 200 }));
    expect(Object.keys(spec.body.paths)).not.toContain('/');
  });
});
