import { type AlertRecord, SILENT_SITE_RULE } from '@energy/core';
import { createStackClients, type LocalStack, startLocalStack } from '@energy/local-stack';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ApiApp } from '../../src/http/types.js';
import { alertRecord, alertView } from '../helpers/alerts.js';
import { type ErrorBody, getJson, silentLogger, testApp } from '../helpers/app.js';
import { batchPut, seed } from '../helpers/dynamo.js';
import { readingSeries } from '../helpers/readings.js';

// GET /v1/alerts on the emulator: AlertRecord items as the alerter writes them (core's key,
// id and severity), read back by real SDK calls; a middleware on the app's own client counts
// and records every DynamoDB request.

const NOW = Date.parse('2025-02-17T00:00:00.000Z');
const NEG_GEN = 'NEGATIVE_GENERATION';
const NEG_CON = 'NEGATIVE_CONSUMPTION';

const expired = alertRecord({
  site: 'site1',
  rule: SILENT_SITE_RULE,
  openedAt: '2025-02-10T03:00:00.000Z',
  state: 'resolved',
  // Past its TTL, not yet deleted (DynamoDB deletes expired items within days, not at once).
  expiresAt: NOW / 1000 - 60,
});
const listed: AlertRecord[] = [
  alertRecord({ site: 'site1', rule: NEG_GEN, openedAt: '2025-02-16T10:00:00.000Z', count: 17 }),
  alertRecord({ site: 'site1', rule: NEG_GEN, openedAt: '2025-02-15T08:00:00.000Z', state: 'resolved' }),
  alertRecord({ site: 'site1', rule: NEG_CON, openedAt: '2025-02-16T11:05:00.000Z' }),
  alertRecord({ site: 'site10', rule: NEG_GEN, openedAt: '2025-02-16T09:00:00.000Z' }),
  alertRecord({ site: 'site11', rule: NEG_CON, openedAt: '2025-02-16T09:30:00.000Z' }),
  alertRecord({ site: 'site2', rule: SILENT_SITE_RULE, openedAt: '2025-02-16T20:15:00.000Z' }),
  alertRecord({ site: 'site2', rule: NEG_GEN, openedAt: '2025-02-16T01:00:00.000Z', state: 'resolved' }),
  // Enough more for several pages.
  ...Array.from({ length: 24 }, (_, i) =>
    alertRecord({
      site: `site3${String(i).padStart(2, '0')}`,
      rule: i % 3 === 0 ? SILENT_SITE_RULE : NEG_GEN,
      openedAt: `2025-02-16T${String(i).padStart(2, '0')}:00:00.000Z`,
      state: i % 4 === 0 ? 'resolved' : 'open',
    }),
  ),
];
const byKey = (a: AlertRecord, b: AlertRecord) => (a.sk < b.sk ? -1 : a.sk > b.sk ? 1 : 0);
const expected = (keep: (record: AlertRecord) => boolean) => listed.filter(keep).sort(byKey).map(alertView);

type AlertPage = { items: ReturnType<typeof alertView>[]; next_cursor: string | null };
type Call = { command: string; input: Record<string, unknown> };

let stack: LocalStack;
let app: ApiApp;
const calls: Call[] = [];

beforeAll(async () => {
  stack = await startLocalStack();
  const tables = { readingsTable: stack.names.readingsTable, summaryTable: stack.names.summaryTable };
  // Other items of the summary table (heads, rollups, registry, an old alert marker) are not alerts.
  await seed(
    stack.clients.documentClient,
    tables,
    readingSeries({ site: 'site1', count: 5, anomalyEvery: 2 }),
  );
  await batchPut(stack.clients.documentClient, tables.summaryTable, [
    ...listed,
    expired,
    { pk: 'ALERT#site1', sk: '2025-02-16T10:00:00.000Z#NEGATIVE_GENERATION' },
  ]);
  // A client of its own, so the counting middleware sees only this app's calls.
  const client = createStackClients(stack.endpoint, stack.region).documentClient;
  client.middlewareStack.add(
    (next, context) => async (args) => {
      calls.push({ command: context.commandName ?? '', input: args.input as Record<string, unknown> });
      return next(args);
    },
    { step: 'initialize', name: 'recordRequests' },
  );
  app = testApp(client, tables, { now: () => NOW });
});
afterAll(() => stack?.stop());

async function followCursors(path: string): Promise<{ pages: AlertPage[]; calls: Call[] }> {
  calls.length = 0;
  const pages: AlertPage[] = [];
  let cursor: string | null = null;
  do {
    const separator = path.includes('?') ? '&' : '?';
    const url: string = cursor ? `${path}${separator}cursor=${encodeURIComponent(cursor)}` : path;
    const { status, body }: { status: number; body: AlertPage } = await getJson<AlertPage>(app, url);
    expect(status, JSON.stringify(body)).toBe(200);
    pages.push(body);
    cursor = body.next_cursor;
  } while (cursor && pages.length < 50);
  return { pages, calls: [...calls] };
}

describe('GET /v1/alerts', () => {
  it('lists the open and recently resolved episodes in key order, without bookkeeping or expired ones', async () => {
    // Act
    const { status, body } = await getJson<AlertPage>(app, '/v1/alerts');

    // Assess
    expect(status).toBe(200);
    expect(body.next_cursor).toBeNull();
    expect(body.items).toStrictEqual(expected(() => true));
    expect(body.items.map((item) => item.alert_id)).not.toContain(expired.alert_id);
    expect(body.items[0]).toStrictEqual({
      alert_id: expect.stringMatching(/^[0-9a-f]{16}$/),
      site_id: 'site1',
      rule: NEG_CON,
      severity: 'warning',
      state: 'open',
      opened_at: '2025-02-16T11:05:00.000Z',
      first_seen: '2025-02-16T11:05:00.000Z',
      last_seen: '2025-02-16T11:15:00.000Z',
      count: 3,
      sample_values: [
        { timestamp: '2025-02-16T11:05:00.000Z', energy_generated_kwh: -1, energy_consumed_kwh: 4.2 },
      ],
      source_keys: ['readings/2025-02-16T11:05:00.000Z.json'],
      updated_at: '2025-02-16T11:15:00.000Z',
    });
  });

  it('pages with the HMAC cursor: one Query of the ALERTS partition per page, every episode once', async () => {
    // Act
    const { pages, calls: made } = await followCursors('/v1/alerts?limit=4');

    // Assess
    const items = pages.flatMap((page) => page.items);
    expect(items).toStrictEqual(expected(() => true));
    expect(pages.length).toBeGreaterThanOrEqual(Math.ceil(items.length / 4));
    expect(made).toHaveLength(pages.length);
    for (const call of made) {
      expect(call.command).toBe('QueryCommand');
      expect(call.input).toMatchObject({ KeyConditionExpression: '#pk = :pk', Limit: 4 });
      expect((call.input.ExpressionAttributeValues as Record<string, unknown>)[':pk']).toBe('ALERTS');
    }
  });

  it.each([
    ['site_id=site1', (r: AlertRecord) => r.site_id === 'site1', 'site1#'],
    [
      'site_id=site1&rule=NEGATIVE_GENERATION',
      (r: AlertRecord) => r.site_id === 'site1' && r.rule === NEG_GEN,
      'site1#NEGATIVE_GENERATION#',
    ],
    [
      'site_id=site2&rule=SILENT_SITE',
      (r: AlertRecord) => r.site_id === 'site2' && r.rule === SILENT_SITE_RULE,
      'site2#SILENT_SITE#',
    ],
    ['site_id=site9', () => false, 'site9#'],
  ])(
    'narrows the key range for %s: begins_with on the sort key, nothing filtered',
    async (query, keep, prefix) => {
      // Act
      const { pages, calls: made } = await followCursors(`/v1/alerts?${query}`);

      // Assess: site1 is not site10 or site11.
      expect(pages.flatMap((page) => page.items)).toStrictEqual(expected(keep));
      expect(made).toHaveLength(1);
      expect(made[0]?.input.KeyConditionExpression).toBe('#pk = :pk AND begins_with(#sk, :prefix)');
      expect(made[0]?.input.ExpressionAttributeValues).toMatchObject({ ':pk': 'ALERTS', ':prefix': prefix });
      expect(made[0]?.input.FilterExpression).not.toMatch(/#rule|#state/);
    },
  );

  it.each([
    ['state=open', (r: AlertRecord) => r.state === 'open'],
    ['state=resolved', (r: AlertRecord) => r.state === 'resolved'],
    ['rule=SILENT_SITE', (r: AlertRecord) => r.rule === SILENT_SITE_RULE],
    ['rule=NEGATIVE_GENERATION&state=open', (r: AlertRecord) => r.rule === NEG_GEN && r.state === 'open'],
    ['site_id=site1&state=open', (r: AlertRecord) => r.site_id === 'site1' && r.state === 'open'],
  ])('filters %s, a page per Query, across pages', async (query, keep) => {
    // Act
    const { pages, calls: made } = await followCursors(`/v1/alerts?${query}&limit=5`);

    // Assess
    expect(pages.flatMap((page) => page.items)).toStrictEqual(expected(keep));
    expect(made).toHaveLength(pages.length);
    for (const page of pages) expect(page.items.length).toBeLessThanOrEqual(5);
    const filter = String(made[0]?.input.FilterExpression);
    if (query.includes('state=')) expect(filter).toContain('#state = :state');
    if (query.includes('rule=')) expect(filter).toContain('#rule = :rule');
  });

  it('logs one Powertools line per request with the route and status', async () => {
    // Prepare
    const logger = silentLogger();
    const info = vi.spyOn(logger, 'info');
    const tables = { readingsTable: stack.names.readingsTable, summaryTable: stack.names.summaryTable };
    const logged = testApp(stack.clients.documentClient, tables, { logger, now: () => NOW });

    // Act
    const { headers } = await getJson(logged, '/v1/alerts?state=open&limit=3');

    // Assess
    expect(info).toHaveBeenCalledTimes(1);
    expect(info).toHaveBeenCalledWith('request', {
      requestId: headers.get('x-request-id'),
      method: 'GET',
      route: '/v1/alerts',
      path: '/v1/alerts',
      status: 200,
      latencyMs: expect.any(Number),
    });
  });

  it('refuses a cursor issued for other filters, naming the parameter', async () => {
    // Prepare
    const first = await getJson<AlertPage>(app, '/v1/alerts?state=open&limit=2');
    const cursor = encodeURIComponent(first.body.next_cursor ?? '');

    // Act
    const { status, body } = await getJson<ErrorBody>(
      app,
      `/v1/alerts?state=resolved&limit=2&cursor=${cursor}`,
    );

    // Assess
    expect(first.body.next_cursor).toEqual(expect.any(String));
    expect(status).toBe(400);
    expect(body.error).toMatchObject({ code: 'invalid_cursor', parameter: 'cursor' });
  });

  it.each([
    ['site_id=site%231', 'site_id', /^may contain only letters, digits, "_", "-" and "."/],
    [
      'rule=NEGATIVE_GEN',
      'rule',
      /^must be one of "SILENT_SITE", "NEGATIVE_GENERATION", "NEGATIVE_CONSUMPTION", got "NEGATIVE_GEN"$/,
    ],
    ['state=closed', 'state', /^must be one of "open", "resolved", got "closed"$/],
    ['state=open&state=resolved', 'state', /^must be given once, not repeated$/],
    ['limit=0', 'limit', /^must be an integer between 1 and 1000, got "0"$/],
    [
      'site=site1',
      'site',
      /^is not a parameter of this route; it accepts site_id, rule, state, limit, cursor$/,
    ],
  ])('answers 400 for %s naming %s, without a DynamoDB call', async (query, parameter, reason) => {
    // Prepare
    calls.length = 0;

    // Act
    const { status, body } = await getJson<ErrorBody>(app, `/v1/alerts?${query}`);

    // Assess
    expect(status).toBe(400);
    expect(body.error.code).toBe('invalid_parameter');
    expect(body.error.parameter).toBe(parameter);
    expect(body.error.reason).toMatch(reason);
    expect(calls).toStrictEqual([]);
  });
});
