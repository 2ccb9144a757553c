import { type Aggregate, mergeAggregates } from '@energy/core';
import type { BucketAggregate } from './adapters/SummaryStore.js';

/** Totals of one site over the whole range. */
export type SiteTotals = Aggregate & {
  /** The site. */
  site_id: string;
};

/** Totals across sites for one bucket. */
export type BucketTotals = Aggregate & {
  /** Bucket value, e.g. `2025-02-16T21`. */
  bucket: string;
};

/** The three views the summary route answers. */
export type SummaryViews = {
  /** One entry per site and bucket with readings, by site (in `sites` order) then bucket. */
  items: BucketAggregate[];
  /** Per-site totals, one per requested site (zero when it has no readings). */
  sites: SiteTotals[];
  /** Per-bucket totals across sites, in time order. */
  timeline: BucketTotals[];
};

function totals(aggregate: Aggregate): Aggregate {
  const { generated_kwh, consumed_kwh, net_kwh, count, anomalies } = aggregate;
  return { generated_kwh, consumed_kwh, net_kwh, count, anomalies };
}

/**
 * Combines per-site bucket aggregates into the summary's views, summing exactly
 * (core's `mergeAggregates`). Pure: the route reads, this shapes.
 *
 * @example
 * summarize(['site1'], new Map([['site1', [{ site_id: 'site1', bucket: '2025-02-16T21', ... }]]]));
 */
export function summarize(
  siteIds: readonly string[],
  aggregatesBySite: ReadonlyMap<string, readonly BucketAggregate[]>,
): SummaryViews {
  const items: BucketAggregate[] = [];
  const sites: SiteTotals[] = [];
  const byBucket = new Map<string, Aggregate[]>();
  for (const siteId of siteIds) {
    const siteItems = [...(aggregatesBySite.get(siteId) ?? [])].sort((a, b) =>
      a.bucket.localeCompare(b.bucket),
    );
    items.push(...siteItems);
    sites.push({ site_id: siteId, ...mergeAggregates(siteItems) });
    for (const item of siteItems) {
      const parts = byBucket.get(item.bucket) ?? [];
      parts.push(totals(item));
      byBucket.set(item.bucket, parts);
    }
  }
  const timeline = [...byBucket.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([bucket, parts]) => ({ bucket, ...mergeAggregates(parts) }));
  return { items, sites, timeline };
}
