import { createStackClients, type LocalStack, startLocalStack } from '@energy/local-stack';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getJson, testApp } from '../helpers/app.js';
import { type SeededFleet, seedFleet } from '../helpers/fleet.js';

// Request counts are part of correctness: the fleet views must cost the same number of DynamoDB
// requests at 10,000 sites as at 100, and a page of sites at most one Query per rollup shard.
// Counted on the wire of real SDK calls to the emulator (a middleware sees every call).

const LAST_DAY = '2025-03-31';
const NOW = Date.parse('2025-03-31T23:30:00.000Z');
const MAX_REQUESTS = 50;

type Fleet = { stack: LocalStack; seeded: SeededFleet; calls: { pk: string; command: string }[] };
const fleets = new Map<number, Fleet>();

async function start(sites: number): Promise<Fleet> {
  const stack = await startLocalStack();
  const seeded = await seedFleet(stack.clients.documentClient, stack.names.summaryTable, {
    sites,
    lastDay: LAST_DAY,
    days: 31,
  });
  return { stack, seeded, calls: [] };
}

function countingApp(fleet: Fleet) {
  // A client of its own, so the counting middleware sees only this app's calls.
  const client = createStackClients(fleet.stack.endpoint, fleet.stack.region).documentClient;
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const input = args.input as { ExpressionAttributeValues?: Record<string, unknown> };
      fleet.calls.push({
        command: context.commandName ?? '',
        pk: String(input.ExpressionAttributeValues?.[':pk'] ?? ''),
      });
      return next(args);
    },
    { step: 'initialize', name: 'countRequests' },
  );
  const tables = {
    readingsTable: fleet.stack.names.readingsTable,
    summaryTable: fleet.stack.names.summaryTable,
  };
  return testApp(client, tables, { now: () => NOW });
}

async function requestsOf(fleet: Fleet, path: string): Promise<{ calls: Fleet['calls']; body: unknown }> {
  const app = countingApp(fleet);
  fleet.calls.length = 0;
  const { status, body } = await getJson(app, path);
  expect(status).toBe(200);
  return { calls: [...fleet.calls], body };
}

beforeAll(async () => {
  // One after the other: the machine is shared.
  fleets.set(100, await start(100));
  fleets.set(10_000, await start(10_000));
}, 300_000);

afterAll(async () => {
  for (const fleet of fleets.values()) await fleet.stack.stop();
});

describe('Fleet views (request counts on the emulator)', () => {
  it.each([
    ['24 hours by hour', `/v1/summary?bucket=hour&from=${LAST_DAY}&to=${LAST_DAY}`],
    ['30 days by day', `/v1/summary?bucket=day&from=2025-03-02&to=${LAST_DAY}`],
  ])(
    'answers %s in at most 50 requests at 10,000 sites, as many fleet reads as at 100',
    async (_name, path) => {
      // Act
      const small = await requestsOf(fleets.get(100) as Fleet, path);
      const large = await requestsOf(fleets.get(10_000) as Fleet, path);

      // Assess
      expect(large.calls.length).toBeLessThanOrEqual(MAX_REQUESTS);
      const fleetReads = (calls: Fleet['calls']) =>
        calls.filter((c) => /^(FLEET#|ROLLED|LATE)/.test(c.pk)).length;
      expect(fleetReads(large.calls)).toBe(fleetReads(small.calls));
      const body = large.body as {
        timeline: { count: number }[];
        sites: unknown[];
        next_cursor: string | null;
      };
      const seeded = (fleets.get(10_000) as Fleet).seeded;
      expect(body.timeline.length).toBeGreaterThanOrEqual(24);
      expect(body.timeline.reduce((n, t) => n + t.count, 0) % seeded.siteIds.length).toBe(0);
      expect(body.sites).toHaveLength(25);
      expect(body.next_cursor).not.toBeNull();
    },
  );

  it('reads a page of sites with at most one Query per rollup shard (and page), not one per site', async () => {
    // Prepare
    const fleet = fleets.get(10_000) as Fleet;

    // Act
    const page = await requestsOf(fleet, `/v1/summary?bucket=hour&from=${LAST_DAY}&to=${LAST_DAY}&limit=100`);
    const one = await requestsOf(
      fleet,
      `/v1/summary?bucket=hour&from=${LAST_DAY}&to=${LAST_DAY}&site_id=site4321`,
    );

    // Assess
    const rollupQueries = (calls: Fleet['calls']) => calls.filter((c) => c.pk.startsWith('HOURS#'));
    const partitions = new Set(rollupQueries(page.calls).map((c) => c.pk));
    expect(partitions.size).toBeLessThanOrEqual(fleet.seeded.shards);
    // 24 items of ~50 KB per shard: two 1 MB pages at most.
    expect(rollupQueries(page.calls).length).toBeLessThanOrEqual(2 * fleet.seeded.shards);
    expect(new Set(rollupQueries(one.calls).map((c) => c.pk)).size).toBe(1);
    expect((one.body as { sites: { count: number }[] }).sites[0]?.count).toBeGreaterThan(0);
  });

  it('ranks the top sites over 7 days with one Query per shard and page, and pages /v1/sites in one read', async () => {
    // Prepare
    const fleet = fleets.get(10_000) as Fleet;

    // Act
    const top = await requestsOf(fleet, '/v1/summary/top?from=2025-03-25&to=2025-03-31&limit=10');
    const sites = await requestsOf(fleet, '/v1/sites?prefix=site12&limit=5');

    // Assess
    expect(top.calls.length).toBeLessThanOrEqual(1 + fleet.seeded.shards);
    expect((top.body as { sites: number }).sites).toBe(10_000);
    expect((top.body as { by_anomalies: unknown[] }).by_anomalies).toHaveLength(10);
    expect(sites.calls).toHaveLength(1);
    const listed = sites.body as { total: number; items: { site_id: string }[] };
    expect(listed.total).toBe(111);
    expect(listed.items.map((item) => item.site_id)).toStrictEqual([
      'site12',
      'site120',
      'site121',
      'site122',
      'site123',
    ]);
  });
});
