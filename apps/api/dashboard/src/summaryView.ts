import { bucketsOf } from './timeRange.js';
import type { Aggregate, Summary, TimeWindow } from './types.js';

/** The time series of the "energy over time" chart. */
export type TimeSeries = {
  /** Bucket values, one per slot of the window, oldest first. */
  buckets: string[];
  /** Generated energy per slot; `null` where no reading arrived (drawn as a gap, not as zero). */
  generated: (number | null)[];
  /** Consumed energy per slot. */
  consumed: (number | null)[];
  /** Net energy per slot. */
  net: (number | null)[];
};

/** Orders `site2` before `site10`. */
export function compareSiteIds(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true });
}

/**
 * Generated, consumed and net energy for every bucket of the window, from the summary's
 * timeline; a bucket without readings is `null` in every series, so the chart shows a gap
 * where the feed stopped rather than a drop to zero.
 *
 * @example
 * timeSeriesOf(summary, { from, to, bucket: 'hour' }).buckets.length; // 25 for 24 hours
 */
export function timeSeriesOf(summary: Pick<Summary, 'timeline'>, window: TimeWindow): TimeSeries {
  const buckets = bucketsOf(window);
  const byBucket = new Map(summary.timeline.map((entry) => [entry.bucket, entry]));
  const pick = (key: 'generated_kwh' | 'consumed_kwh' | 'net_kwh') =>
    buckets.map((bucket) => {
      const entry = byBucket.get(bucket);
      return entry && entry.count > 0 ? entry[key] : null;
    });
  return { buckets, generated: pick('generated_kwh'), consumed: pick('consumed_kwh'), net: pick('net_kwh') };
}
