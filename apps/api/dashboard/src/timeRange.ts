import type { Bucket, TimeWindow } from './types.js';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/**
 * The time ranges the filter offers. Aggregates are kept per hour and per day, so the
 * shortest useful range is a few hours; long ranges switch to days to keep the number
 * of buckets (the summary's read cost) near a hundred per site.
 */
export const RANGE_PRESETS = {
  '6h': { label: 'Last 6 hours', spanMs: 6 * HOUR_MS, bucket: 'hour' },
  '24h': { label: 'Last 24 hours', spanMs: DAY_MS, bucket: 'hour' },
  '7d': { label: 'Last 7 days', spanMs: 7 * DAY_MS, bucket: 'hour' },
  '30d': { label: 'Last 30 days', spanMs: 30 * DAY_MS, bucket: 'day' },
  '90d': { label: 'Last 90 days', spanMs: 90 * DAY_MS, bucket: 'day' },
} as const satisfies Record<string, { label: string; spanMs: number; bucket: Bucket }>;

/** Key of one of {@link RANGE_PRESETS}. */
export type RangePreset = keyof typeof RANGE_PRESETS;

/** The range shown when the URL names none. */
export const DEFAULT_RANGE: RangePreset = '24h';

/** Narrows a string (from the URL or a `<select>`) to a preset key. */
export function isRangePreset(value: string | null | undefined): value is RangePreset {
  return value !== null && value !== undefined && Object.hasOwn(RANGE_PRESETS, value);
}

const BUCKET_LENGTH = { hour: 13, day: 10 } as const satisfies Record<Bucket, number>;

/** The bucket an instant falls in, UTC: `2025-02-16T21` (hour) or `2025-02-16` (day). */
export function bucketOf(instant: Date, bucket: Bucket): string {
  return instant.toISOString().slice(0, BUCKET_LENGTH[bucket]);
}

/** First instant of a bucket, as epoch milliseconds. */
export function bucketStartMs(value: string, bucket: Bucket): number {
  return Date.parse(bucket === 'hour' ? `${value}:00:00.000Z` : `${value}T00:00:00.000Z`);
}

/**
 * The window a preset covers, ending at `now`. The start is rounded down to its bucket
 * so the first bucket on the chart is complete rather than a sliver.
 *
 * @example
 * windowFor('24h', new Date('2025-02-16T21:30:00Z'));
 * // { from: '2025-02-15T21:00:00.000Z', to: '2025-02-16T21:30:00.000Z', bucket: 'hour' }
 */
export function windowFor(preset: RangePreset, now: Date): TimeWindow {
  const { spanMs, bucket } = RANGE_PRESETS[preset];
  const start = bucketStartMs(bucketOf(new Date(now.getTime() - spanMs), bucket), bucket);
  return { from: new Date(start).toISOString(), to: now.toISOString(), bucket };
}

/**
 * Every bucket value from the one holding `from` to the one holding `to`, in order,
 * so that the time chart has a slot (possibly empty) for each.
 *
 * @example
 * bucketsOf({ from: '2025-02-16T21:00:00.000Z', to: '2025-02-16T23:10:00.000Z', bucket: 'hour' });
 * // ['2025-02-16T21', '2025-02-16T22', '2025-02-16T23']
 */
export function bucketsOf(window: TimeWindow): string[] {
  const step = window.bucket === 'hour' ? HOUR_MS : DAY_MS;
  const first = bucketStartMs(bucketOf(new Date(window.from), window.bucket), window.bucket);
  const last = Date.parse(window.to);
  const values: string[] = [];
  for (let at = first; at <= last; at += step) values.push(bucketOf(new Date(at), window.bucket));
  return values;
}
