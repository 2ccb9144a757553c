import {
  type Bucket,
  dayOf,
  mapWithConcurrency,
  type PeriodTotals,
  readRollups,
  recentDays,
  SUMMARY_LIMITS,
  shardOf,
} from '@energy/core';
import { createRoute } from '@hono/zod-openapi';
import type { HeadTotals, RolledDayView, SummaryStore } from '../adapters/SummaryStore.js';
import { API_LIMITS, RANGE_DEFAULTS, ROUTE_IDS } from '../constants.js';
import { cursorScope } from '../cursor.js';
import type { ApiApp } from '../http/types.js';
import {
  boundSchema,
  bucketSchema,
  cursorSchema,
  pageLimitSchema,
  siteIdSchema,
  strictQuery,
} from '../schemas/parameters.js';
import { SummarySchema, TopSitesSchema } from '../schemas/responses.js';
import { bucketsOfRange, fleetTimeline, siteViews, topSites } from '../summarize.js';
import { resolveSummaryRange } from '../summaryRange.js';
import type { RouteDependencies } from './dependencies.js';
import { ERROR_RESPONSES } from './errorResponses.js';
import { pageOfSites } from './sitePage.js';

// Reads run a few at a time: enough to hide latency, few enough not to burst the table.
const READ_CONCURRENCY = 8;

const summaryRoute = createRoute({
  method: 'get',
  path: '/v1/summary',
  tags: ['Summary'],
  summary: "The fleet's energy and anomalies by hour or day, and a page of sites",
  description: `The fleet's timeline is read from the small per-file contribution heads (one Query per day covered, live: the open hour included; days the summarizer has rolled up come from its day records), so its cost does not grow with the number of sites. With \`site_id\`, the timeline is that site's. \`sites\`/\`items\` are a page of sites (natural order, \`limit\` ≤ ${API_LIMITS.summarySites.max}, continue with \`cursor\`) read from the summarizer's per-site rollups: at most one Query per rollup shard (~1,000 sites each) and 1 MB, and at most 15 minutes behind. Energy totals leave out readings with a faulty (negative) meter value; \`excluded\` counts them. Defaults: \`to\` = now, \`from\` = 24 hours before (\`bucket=hour\`) or 30 days (\`bucket=day\`); at most ${API_LIMITS.maxSummaryBuckets.hour} hours or ${API_LIMITS.maxSummaryBuckets.day} days.`,
  request: {
    query: strictQuery({
      from: boundSchema('from', 'start', 'Start of the range; default depends on `bucket`.'),
      to: boundSchema('to', 'end', 'End of the range; default: now.'),
      bucket: bucketSchema,
      site_id: siteIdSchema('query').optional(),
      limit: pageLimitSchema(API_LIMITS.summarySites),
      cursor: cursorSchema,
    }),
  },
  responses: {
    200: { description: 'The summary.', content: { 'application/json': { schema: SummarySchema } } },
    ...ERROR_RESPONSES,
  },
});

const topRoute = createRoute({
  method: 'get',
  path: '/v1/summary/top',
  tags: ['Summary'],
  summary: 'The sites with the most anomalies and the highest net energy',
  description: `Ranks every site over whole days from the summarizer's day rollups: one Query per rollup shard (~1,000 sites), whatever the fleet size. Defaults: \`to\` = now, \`from\` = 7 days before; at most ${API_LIMITS.maxTopDays} days. Up to 15 minutes behind the readings.`,
  request: {
    query: strictQuery({
      from: boundSchema('from', 'start', 'First day; default 7 days before `to`.'),
      to: boundSchema('to', 'end', 'Last day; default: now.'),
      limit: pageLimitSchema(API_LIMITS.topSites),
    }),
  },
  responses: {
    200: { description: 'The rankings.', content: { 'application/json': { schema: TopSitesSchema } } },
    ...ERROR_RESPONSES,
  },
});

/** Days by the shard count their rollups were laid out with (days without rollups are absent). */
function daysByShards(rolled: readonly RolledDayView[]): Map<number, string[]> {
  const groups = new Map<number, string[]>();
  for (const record of rolled) {
    const days = groups.get(record.shards) ?? [];
    days.push(record.sk);
    groups.set(record.shards, days);
  }
  return groups;
}

/**
 * Per-site rollups of `periods` (hours or days), for `sites` or (absent) every site: one Query
 * per shard that holds a wanted site, per shard layout in the range.
 */
async function readSitePeriods(
  store: SummaryStore,
  bucket: Bucket,
  periods: readonly string[],
  rolled: readonly RolledDayView[],
  sites?: readonly string[],
): Promise<Map<string, Map<string, PeriodTotals>>> {
  const wanted = new Set(periods);
  const reads: { shards: number; shard: number; from: string; to: string; sites?: string[] }[] = [];
  for (const [shards, days] of daysByShards(rolled)) {
    const own = periods.filter((period) => days.includes(dayOf(period)));
    if (own.length === 0) continue;
    const from = own[0] as string;
    const to = own[own.length - 1] as string;
    if (sites) {
      const byShard = new Map<number, string[]>();
      for (const site of sites) {
        const shard = shardOf(site, shards);
        byShard.set(shard, [...(byShard.get(shard) ?? []), site]);
      }
      for (const [shard, members] of byShard) reads.push({ shards, shard, from, to, sites: members });
    } else {
      for (let shard = 0; shard < shards; shard++) reads.push({ shards, shard, from, to });
    }
  }
  const results = await mapWithConcurrency(reads, READ_CONCURRENCY, (read) =>
    store.rollups(bucket, read.shards, read.shard, read.from, read.to),
  );
  const merged = new Map<string, Map<string, PeriodTotals>>();
  results.forEach((items, i) => {
    const shardSites = reads[i]?.sites;
    for (const [period, bySite] of readRollups(items, shardSites ? new Set(shardSites) : undefined)) {
      if (!wanted.has(period)) continue;
      const into = merged.get(period) ?? new Map<string, PeriodTotals>();
      for (const [site, totals] of bySite) into.set(site, totals);
      merged.set(period, into);
    }
  });
  return merged;
}

/** The heads the fleet timeline needs: every day for hours, the days not rolled up yet for days. */
async function fleetHeads(store: SummaryStore, days: readonly string[]): Promise<HeadTotals[]> {
  return (await mapWithConcurrency(days, READ_CONCURRENCY, (day) => store.fleetHeads(day))).flat();
}

/** Registers `GET /v1/summary` and `GET /v1/summary/top`. */
export function registerSummaryRoutes(app: ApiApp, { summary, now, cursorSecret }: RouteDependencies): void {
  app.openapi(summaryRoute, async (c) => {
    const query = c.req.valid('query');
    const range = resolveSummaryRange(query, query.bucket, now());
    const days = bucketsOfRange('day', range);
    const periods = bucketsOfRange(query.bucket, range);
    const scope = cursorScope(ROUTE_IDS.summarySites, [range.from, range.to, query.bucket]);
    const pagePromise =
      query.site_id === undefined
        ? summary.siteIds().then((ids) => pageOfSites(ids, query.limit, query.cursor, scope, cursorSecret))
        : Promise.resolve({ items: [query.site_id], next_cursor: null, total: 1 });
    const rolledPromise = summary.rolledDays(days[0] as string, days[days.length - 1] as string);
    // Days the summarizer may not have rolled up yet are read live: its window, and late-marked days.
    const liveDaysPromise =
      query.bucket === 'hour'
        ? Promise.resolve(new Set(days))
        : summary
            .lateDays()
            .then(
              (late) =>
                new Set(
                  [
                    ...recentDays(dayOf(new Date(now()).toISOString()), SUMMARY_LIMITS.windowDays),
                    ...late,
                  ].filter((day) => days.includes(day)),
                ),
            );
    const [page, rolled, liveDays] = await Promise.all([pagePromise, rolledPromise, liveDaysPromise]);
    const [heads, sitePeriods] = await Promise.all([
      query.site_id === undefined ? fleetHeads(summary, [...liveDays]) : Promise.resolve([]),
      readSitePeriods(summary, query.bucket, periods, rolled, page.items),
    ]);
    const views = siteViews(page.items, sitePeriods);
    const fleet =
      query.site_id === undefined
        ? fleetTimeline(query.bucket, range, heads, rolled, liveDays)
        : {
            timeline: views.items.map(({ site_id: _site, ...rest }) => rest),
            totals: (({ site_id: _site, ...rest }) => rest)(views.sites[0] ?? { site_id: '', ...ZERO }),
          };
    return c.json(
      {
        bucket: query.bucket,
        ...range,
        totals: fleet.totals,
        timeline: fleet.timeline,
        items: views.items,
        sites: views.sites,
        next_cursor: page.next_cursor,
      },
      200,
    );
  });

  app.openapi(topRoute, async (c) => {
    const query = c.req.valid('query');
    const range = resolveSummaryRange(query, 'day', now(), RANGE_DEFAULTS.topSpanMs, API_LIMITS.maxTopDays);
    const days = bucketsOfRange('day', range);
    const rolled = await summary.rolledDays(days[0] as string, days[days.length - 1] as string);
    const periods = await readSitePeriods(summary, 'day', days, rolled);
    const ranked = topSites(periods.values(), query.limit);
    return c.json({ from: days[0] as string, to: days[days.length - 1] as string, ...ranked }, 200);
  });
}

const ZERO = { generated_kwh: 0, consumed_kwh: 0, net_kwh: 0, count: 0, anomalies: 0, excluded: 0 };
