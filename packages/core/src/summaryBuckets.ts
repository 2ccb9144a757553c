import { bucketOf } from './aggregates.js';
import { EnergyDomainError } from './errors.js';
import type { Bucket, Reading } from './types.js';

/** One site's bucket: the unit a summary aggregate is kept for. */
export type SiteBucket = {
  /** The site. */
  siteId: string;
  /** Granularity. */
  bucket: Bucket;
  /** Bucket value as {@link bucketOf} returns it: `2025-02-16T21` (hour) or `2025-02-16` (day). */
  value: string;
};

const BUCKET_VALUE = {
  hour: /^\d{4}-\d{2}-\d{2}T\d{2}$/,
  day: /^\d{4}-\d{2}-\d{2}$/,
} as const satisfies Record<Bucket, RegExp>;
const BOUND_SUFFIX = {
  hour: { start: ':00:00.000Z', end: ':59:59.999Z' },
  day: { start: 'T00:00:00.000Z', end: 'T23:59:59.999Z' },
} as const satisfies Record<Bucket, { start: string; end: string }>;

/**
 * First and last canonical timestamps (inclusive) of a bucket, for a readings-table Query
 * with `timestamp BETWEEN start AND end`.
 *
 * @example
 * bucketBounds('hour', '2025-02-16T21'); // { start: '2025-02-16T21:00:00.000Z', end: '2025-02-16T21:59:59.999Z' }
 * @throws {@link EnergyDomainError} when `value` is not a bucket value of that granularity.
 */
export function bucketBounds(bucket: Bucket, value: string): { start: string; end: string } {
  if (!BUCKET_VALUE[bucket].test(value)) {
    throw new EnergyDomainError(
      `${JSON.stringify(value)} is not a ${bucket} bucket value (expected ${bucket === 'hour' ? 'YYYY-MM-DDTHH' : 'YYYY-MM-DD'})`,
    );
  }
  return { start: `${value}${BOUND_SUFFIX[bucket].start}`, end: `${value}${BOUND_SUFFIX[bucket].end}` };
}

/** The day bucket value an hour bucket value belongs to. */
export function dayOfHour(hour: string): string {
  return hour.slice(0, 10);
}

/**
 * Collects the (site, hour) and (site, day) buckets a file's readings fall in, as they
 * stream by, so that only those aggregates are recomputed afterwards. Memory grows with
 * the number of distinct buckets, not readings.
 *
 * @example
 * const touched = new TouchedBuckets();
 * touched.add({ site_id: 'site1', timestamp: '2025-02-16T21:30:43.000Z' });
 * touched.hours(); // [{ siteId: 'site1', bucket: 'hour', value: '2025-02-16T21' }]
 */
export class TouchedBuckets {
  // site -> hour values; a Map of Sets keeps insertion cheap and the output grouped by site.
  readonly #hoursBySite = new Map<string, Set<string>>();

  /** Records the bucket of one reading (canonical timestamp). */
  public add(reading: Pick<Reading, 'site_id' | 'timestamp'>): void {
    let hours = this.#hoursBySite.get(reading.site_id);
    if (!hours) {
      hours = new Set();
      this.#hoursBySite.set(reading.site_id, hours);
    }
    hours.add(bucketOf(reading.timestamp, 'hour'));
  }

  /** Distinct site ids seen, sorted. */
  public sites(): string[] {
    return [...this.#hoursBySite.keys()].sort();
  }

  /** Distinct (site, hour) buckets, sorted by site then hour. */
  public hours(): SiteBucket[] {
    return this.sites().flatMap((siteId) =>
      [...(this.#hoursBySite.get(siteId) ?? [])]
        .sort()
        .map((value) => ({ siteId, bucket: 'hour' as const, value })),
    );
  }

  /** Distinct (site, day) buckets, sorted by site then day. */
  public days(): SiteBucket[] {
    return this.sites().flatMap((siteId) =>
      [...new Set([...(this.#hoursBySite.get(siteId) ?? [])].map(dayOfHour))]
        .sort()
        .map((value) => ({ siteId, bucket: 'day' as const, value })),
    );
  }
}
