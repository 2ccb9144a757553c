import { compareSiteIds } from './summaryView.js';
import { bucketStartMs } from './timeRange.js';
import type { AnomalyRecord, BucketTotals, TimeWindow } from './types.js';

/** One read of a site's anomaly route (newest first) that the "recent anomalies" table needs. */
export type AnomalyRead = {
  /** The site. */
  siteId: string;
  /** First instant to read, ISO-8601 UTC. */
  from: string;
  /** Last instant to read, ISO-8601 UTC. */
  to: string;
  /** Records to ask for: what the summary counted there, at most the number wanted. */
  limit: number;
};

const newestFirst = (a: { bucket: string }, b: { bucket: string }) =>
  a.bucket < b.bucket ? 1 : a.bucket > b.bucket ? -1 : 0;

/**
 * Plans the fewest anomaly reads that yield the `wanted` most recent anomalies. The
 * summary already counts anomalies per site and bucket, so walking its buckets from the
 * newest back tells how far back to read and which sites have anything there: the
 * table then costs about `wanted` items and one request per such site, however long
 * the window and however many sites report.
 *
 * @example
 * planAnomalyReads(summary.items, window, 20);
 * // [{ siteId: 'site3', from: '2025-02-16T20:00:00.000Z', to: window.to, limit: 7 }, ...]
 */
export function planAnomalyReads(
  items: readonly BucketTotals[],
  window: TimeWindow,
  wanted: number,
): AnomalyRead[] {
  const anomalous = items.filter((item) => item.anomalies > 0).sort(newestFirst);
  let seen = 0;
  let cutoff: string | undefined;
  for (const item of anomalous) {
    // Whole buckets only: the summary cannot tell which of a bucket's anomalies are newest.
    if (cutoff !== undefined && item.bucket !== cutoff && seen >= wanted) break;
    cutoff = item.bucket;
    seen += item.anomalies;
  }
  if (cutoff === undefined) return [];
  const from = new Date(
    Math.max(bucketStartMs(cutoff, window.bucket), Date.parse(window.from)),
  ).toISOString();
  const counted = new Map<string, number>();
  for (const item of anomalous) {
    if (item.bucket >= cutoff) counted.set(item.site_id, (counted.get(item.site_id) ?? 0) + item.anomalies);
  }
  return [...counted.entries()]
    .sort(([a], [b]) => compareSiteIds(a, b))
    .map(([siteId, count]) => ({ siteId, from, to: window.to, limit: Math.min(count, wanted) }));
}

/** The `wanted` newest anomalies of several sites, newest first (ties by site). */
export function newestAnomalies(records: readonly AnomalyRecord[], wanted: number): AnomalyRecord[] {
  return [...records]
    .sort((a, b) =>
      a.timestamp === b.timestamp ? compareSiteIds(a.site_id, b.site_id) : a.timestamp < b.timestamp ? 1 : -1,
    )
    .slice(0, wanted);
}
