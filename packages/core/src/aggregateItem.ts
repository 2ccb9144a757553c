import { aggregateKey } from './aggregates.js';
import type { Aggregate, Bucket } from './types.js';

/** One aggregate as stored in the summary table (written by the processor, read by the API). */
export type AggregateItem = Aggregate & {
  /** Partition key, `SITE#<site_id>`. */
  pk: string;
  /** Sort key, `HOUR#<YYYY-MM-DDTHH>` or `DAY#<YYYY-MM-DD>`. */
  sk: string;
  /** The site. */
  site_id: string;
  /** Granularity. */
  bucket: Bucket;
  /** Bucket value, `YYYY-MM-DDTHH` (hour) or `YYYY-MM-DD` (day). */
  period: string;
  /** Canonical UTC timestamp of the read the totals were computed from. */
  updated_at: string;
};

/**
 * Builds the summary-table item of one site's aggregate for one bucket.
 *
 * @example
 * toAggregateItem('site1', 'hour', '2025-02-16T21', aggregateReadings(readings), '2025-02-16T21:35:00.000Z');
 * // { pk: 'SITE#site1', sk: 'HOUR#2025-02-16T21', site_id: 'site1', bucket: 'hour', period: '2025-02-16T21', ... }
 */
export function toAggregateItem(
  siteId: string,
  bucket: Bucket,
  period: string,
  aggregate: Aggregate,
  updatedAt: string,
): AggregateItem {
  return {
    ...aggregateKey(siteId, bucket, period),
    site_id: siteId,
    bucket,
    period,
    generated_kwh: aggregate.generated_kwh,
    consumed_kwh: aggregate.consumed_kwh,
    net_kwh: aggregate.net_kwh,
    count: aggregate.count,
    anomalies: aggregate.anomalies,
    updated_at: updatedAt,
  };
}

/** The totals of a stored aggregate item. */
export function fromAggregateItem(item: Aggregate): Aggregate {
  return {
    generated_kwh: item.generated_kwh,
    consumed_kwh: item.consumed_kwh,
    net_kwh: item.net_kwh,
    count: item.count,
    anomalies: item.anomalies,
  };
}
