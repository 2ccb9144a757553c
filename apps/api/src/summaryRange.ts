import { type Bucket, formatCanonical } from '@energy/core';
import { API_LIMITS, RANGE_DEFAULTS } from './constants.js';
import { InvalidParameterError } from './errors.js';
import { rangeOrderProblem } from './rangeOrder.js';

const BUCKET_MS = { hour: 3_600_000, day: 86_400_000 } as const satisfies Record<Bucket, number>;

/** The summary's range after defaults, in canonical timestamps. */
export type SummaryRange = {
  /** First instant, inclusive. */
  from: string;
  /** Last instant, inclusive. */
  to: string;
};

/** Number of `bucket`s the range touches, counting partial ones at each end. */
export function bucketCount(range: SummaryRange, bucket: Bucket): number {
  const size = BUCKET_MS[bucket];
  return Math.floor(Date.parse(range.to) / size) - Math.floor(Date.parse(range.from) / size) + 1;
}

/**
 * Applies the summary's defaults (`to` = now, `from` = `spanMs` before `to`, by default the
 * bucket's span in {@link RANGE_DEFAULTS}) and checks the range is ordered and covers at most
 * `maxBuckets` buckets (default {@link API_LIMITS.maxSummaryBuckets}), so its read cost stays bounded.
 *
 * @example
 * resolveSummaryRange({ to: '2025-02-16T23:59:59.999Z' }, 'hour', Date.now());
 * // { from: '2025-02-16T00:00:00.000Z', to: '2025-02-16T23:59:59.999Z' }
 * @throws {@link InvalidParameterError} on `from` when it is after `to` or the range has too many buckets.
 */
export function resolveSummaryRange(
  given: { from?: string | undefined; to?: string | undefined },
  bucket: Bucket,
  nowMs: number,
  spanMs: number = RANGE_DEFAULTS.summarySpanMs[bucket],
  maxBuckets?: number,
): SummaryRange {
  const to = given.to ?? formatCanonical(nowMs);
  const from =
    given.from ?? formatCanonical(Math.max(Date.parse(to) - spanMs + 1, Date.parse(RANGE_DEFAULTS.earliest)));
  const disorder = rangeOrderProblem(from, to, 'to');
  if (disorder) throw new InvalidParameterError('from', disorder);
  const count = bucketCount({ from, to }, bucket);
  const max = maxBuckets ?? API_LIMITS.maxSummaryBuckets[bucket];
  if (count > max) {
    throw new InvalidParameterError(
      'from',
      `gives a range of ${count} ${bucket} buckets; at most ${max} are allowed: narrow the range${bucket === 'hour' ? ' or use bucket=day' : ''}`,
    );
  }
  return { from, to };
}
