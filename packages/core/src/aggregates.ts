import { sumExact } from './decimal.js';
import type { SummaryKey } from './summaryKeys.js';
import type { Aggregate, Bucket, EnrichedReading } from './types.js';

// Aggregates live in the summary table under these key shapes:
//   pk = SITE#<site_id>   sk = HOUR#<YYYY-MM-DDTHH> | DAY#<YYYY-MM-DD>   (per-site totals)
//   pk = REGISTRY         sk = SITES                                    (set of known site ids)
//   pk = ALERT#<site_id>  sk = <timestamp>#<reason,...>                 (alert sent once marker)
// `#` cannot occur in a site id (see SITE_ID), so keys cannot collide.

const BUCKET_PREFIX = { hour: 'HOUR#', day: 'DAY#' } as const satisfies Record<Bucket, string>;
const BUCKET_LENGTH = { hour: 13, day: 10 } as const satisfies Record<Bucket, number>;

/** Key of the single item holding the set of known site ids (`site_ids`, a string set). */
export const SITE_REGISTRY_KEY: SummaryKey = { pk: 'REGISTRY', sk: 'SITES' };

/**
 * The bucket a canonical timestamp falls in: `2025-02-16T21` for an hour, `2025-02-16` for a day.
 *
 * @example
 * bucketOf('2025-02-16T21:30:43.000Z', 'hour'); // '2025-02-16T21'
 */
export function bucketOf(timestamp: string, bucket: Bucket): string {
  return timestamp.slice(0, BUCKET_LENGTH[bucket]);
}

/** Partition key of a site's aggregates. */
export function siteAggregatePartition(siteId: string): string {
  return `SITE#${siteId}`;
}

/** Summary-table key of one site's aggregate for one bucket. */
export function aggregateKey(siteId: string, bucket: Bucket, bucketValue: string): SummaryKey {
  return { pk: siteAggregatePartition(siteId), sk: `${BUCKET_PREFIX[bucket]}${bucketValue}` };
}

/**
 * Sort-key range covering the buckets that hold `from`..`to` (canonical timestamps,
 * inclusive), for a Query with `BETWEEN`.
 */
export function aggregateSortKeyRange(
  bucket: Bucket,
  from: string,
  to: string,
): { start: string; end: string } {
  return {
    start: `${BUCKET_PREFIX[bucket]}${bucketOf(from, bucket)}`,
    end: `${BUCKET_PREFIX[bucket]}${bucketOf(to, bucket)}`,
  };
}

/** Reads the bucket granularity and value back from an aggregate sort key. */
export function parseAggregateSortKey(sk: string): { bucket: Bucket; value: string } | undefined {
  if (sk.startsWith(BUCKET_PREFIX.hour))
    return { bucket: 'hour', value: sk.slice(BUCKET_PREFIX.hour.length) };
  if (sk.startsWith(BUCKET_PREFIX.day)) return { bucket: 'day', value: sk.slice(BUCKET_PREFIX.day.length) };
  return undefined;
}

/** Key of the marker that records an alert was sent for one anomalous reading. */
export function alertMarkerKey(
  reading: Pick<EnrichedReading, 'site_id' | 'timestamp' | 'anomaly_reasons'>,
): SummaryKey {
  return { pk: `ALERT#${reading.site_id}`, sk: `${reading.timestamp}#${reading.anomaly_reasons.join(',')}` };
}

/**
 * Totals of a set of readings, summed exactly at the inputs' decimal precision.
 * Aggregates are recomputed from the stored readings rather than incremented,
 * so a redelivered file cannot count twice.
 */
export function aggregateReadings(readings: readonly EnrichedReading[]): Aggregate {
  return {
    generated_kwh: sumExact(readings.map((r) => r.energy_generated_kwh)),
    consumed_kwh: sumExact(readings.map((r) => r.energy_consumed_kwh)),
    net_kwh: sumExact(readings.map((r) => r.net_energy_kwh)),
    count: readings.length,
    anomalies: readings.reduce((n, r) => n + (r.anomaly ? 1 : 0), 0),
  };
}

/** Combines finer aggregates (hours of a day) into one coarser aggregate. */
export function mergeAggregates(parts: readonly Aggregate[]): Aggregate {
  return {
    generated_kwh: sumExact(parts.map((p) => p.generated_kwh)),
    consumed_kwh: sumExact(parts.map((p) => p.consumed_kwh)),
    net_kwh: sumExact(parts.map((p) => p.net_kwh)),
    count: parts.reduce((n, p) => n + p.count, 0),
    anomalies: parts.reduce((n, p) => n + p.anomalies, 0),
  };
}
