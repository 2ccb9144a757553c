import {
  type Bucket,
  currentHeads,
  decodeEntry,
  fleetByHour,
  mergeSiteTotals,
  type PeriodTotals,
  periodStartMs,
  type Totals,
  TotalsSum,
  toTotals,
} from '@energy/core';
import type { HeadTotals, RolledDayView } from './adapters/SummaryStore.js';
import { compareSiteIds } from './compareSiteIds.js';
import type { SummaryRange } from './summaryRange.js';

/** Totals of one bucket. */
export type BucketTotals = Totals & {
  /** Bucket value: `2025-02-16T21` (hour) or `2025-02-16` (day). */
  bucket: string;
};

/** Totals of one site over the range. */
export type SiteRangeTotals = Totals & {
  /** The site. */
  site_id: string;
};

/** Totals of one site in one bucket. */
export type SiteBucketTotals = SiteRangeTotals & {
  /** Bucket value. */
  bucket: string;
};

const BUCKET_LENGTH = { hour: 13, day: 10 } as const satisfies Record<Bucket, number>;
const BUCKET_MS = { hour: 3_600_000, day: 86_400_000 } as const satisfies Record<Bucket, number>;

/** The bucket values (hours `YYYY-MM-DDTHH` or days `YYYY-MM-DD`) the range touches, in order. */
export function bucketsOfRange(bucket: Bucket, range: SummaryRange): string[] {
  const size = BUCKET_MS[bucket];
  const first = Math.floor(Date.parse(range.from) / size);
  const last = Math.floor(Date.parse(range.to) / size);
  return Array.from({ length: last - first + 1 }, (_, i) =>
    new Date((first + i) * size).toISOString().slice(0, BUCKET_LENGTH[bucket]),
  );
}

/** Sums totals exactly. */
function sumTotals(parts: Iterable<PeriodTotals>): Totals {
  const sum = new TotalsSum();
  for (const part of parts) sum.add(part);
  return toTotals(sum.result());
}

/**
 * The fleet's timeline over the range, and its totals. Hours come from the contribution heads
 * (live: the open hour included). Days come from the summarizer's day records, except `liveDays`
 * (the days it may not have rolled up yet), which are summed from their heads.
 *
 * @example
 * fleetTimeline('hour', range, heads, [], new Set()); // { timeline: [{ bucket: '2025-02-16T21', count: 120, ... }], totals }
 */
export function fleetTimeline(
  bucket: Bucket,
  range: SummaryRange,
  heads: readonly HeadTotals[],
  rolled: readonly RolledDayView[],
  liveDays: ReadonlySet<string>,
): { timeline: BucketTotals[]; totals: Totals } {
  const byHour = fleetByHour(currentHeads(heads));
  const values = new Map<string, PeriodTotals>();
  if (bucket === 'hour') {
    for (const [hour, totals] of byHour) values.set(hour, totals);
  } else {
    const live = new Map<string, TotalsSum>();
    for (const [hour, totals] of byHour) {
      const day = hour.slice(0, 10);
      if (!liveDays.has(day)) continue;
      const sum = live.get(day) ?? new TotalsSum();
      sum.add(totals);
      live.set(day, sum);
    }
    for (const record of rolled) {
      if (!liveDays.has(record.sk)) {
        values.set(
          record.sk,
          decodeEntry(record.fleet ?? [], periodStartMs(record.sk), record.fleet_codes ?? []),
        );
      }
    }
    for (const [day, sum] of live) values.set(day, sum.result());
  }
  const timeline = bucketsOfRange(bucket, range).flatMap((value) => {
    const totals = values.get(value);
    return totals && totals.count > 0 ? [{ bucket: value, ...toTotals(totals) }] : [];
  });
  return { timeline, totals: sumTotals([...timeline].map((t) => ({ ...t, byCode: {} }))) };
}

/**
 * Per-site views of a page of sites: one entry per site and bucket with readings (by site in
 * `siteIds` order, then bucket), and each site's totals over the range (zero without readings).
 */
export function siteViews(
  siteIds: readonly string[],
  periods: ReadonlyMap<string, ReadonlyMap<string, PeriodTotals>>,
): { items: SiteBucketTotals[]; sites: SiteRangeTotals[] } {
  const ordered = [...periods.keys()].sort();
  const items: SiteBucketTotals[] = [];
  const sites: SiteRangeTotals[] = [];
  for (const siteId of siteIds) {
    const own: PeriodTotals[] = [];
    for (const period of ordered) {
      const totals = periods.get(period)?.get(siteId);
      if (!totals || totals.count === 0) continue;
      own.push(totals);
      items.push({ site_id: siteId, bucket: period, ...toTotals(totals) });
    }
    sites.push({ site_id: siteId, ...sumTotals(own) });
  }
  return { items, sites };
}

/**
 * The sites with the most anomalies and those with the highest net energy over the periods
 * given, `limit` each (ties by site id, naturally ordered).
 */
export function topSites(
  periods: Iterable<ReadonlyMap<string, PeriodTotals>>,
  limit: number,
): { by_anomalies: SiteRangeTotals[]; by_net: SiteRangeTotals[]; sites: number } {
  const all = [...mergeSiteTotals(periods)].map(([siteId, totals]) => ({
    site_id: siteId,
    ...toTotals(totals),
  }));
  const rank = (key: (site: SiteRangeTotals) => number) =>
    [...all].sort((a, b) => key(b) - key(a) || compareSiteIds(a.site_id, b.site_id)).slice(0, limit);
  return {
    by_anomalies: rank((site) => site.anomalies),
    by_net: rank((site) => site.net_kwh),
    sites: all.length,
  };
}
