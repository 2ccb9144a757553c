/** Documented limits of the API; the OpenAPI document and the README quote these values. */
export const API_LIMITS = {
  /** Items per page on the paginated routes (`limit`). */
  pageSize: {
    /** Used when `limit` is absent. */
    default: 100,
    /** Smallest accepted `limit`. */
    min: 1,
    /** Largest accepted `limit`. */
    max: 1000,
  },
  /**
   * Most records a compatible route (`/fetchrecords`, `/fetchanomalies`, `/fetchall`) returns.
   * Beyond it they answer 400 and point to the paginated routes: a plain array cannot be paged,
   * and a Lambda response is capped at 6 MB (10,000 records are about 1.5 MB).
   */
  compatibleMaxItems: 10_000,
  /** Longest accepted query string (after `?`), in characters; longer answers 414. */
  maxQueryLength: 2048,
  /** Longest accepted `cursor`, in characters. */
  maxCursorLength: 1024,
  /**
   * Most buckets one `/v1/summary` call may cover: a week of hours (the dashboard's longest
   * hourly view) or a quarter of days. The fleet's reads grow with the days covered, the per-site
   * page's with shards × periods (a shard's rollup item is ~50 KB per 1,000 sites, ~20 periods per
   * 1 MB Query page): 24 hours or 30 days stay within 50 DynamoDB requests at 10,000 sites.
   */
  maxSummaryBuckets: { hour: 169, day: 92 },
  /** Sites per page of `/v1/summary` (per-site totals) and of `/v1/sites` when `limit` is absent/at most. */
  summarySites: { default: 25, min: 1, max: 100 },
  /** Sites per ranking of `/v1/summary/top`. */
  topSites: { default: 10, min: 1, max: 50 },
  /** Most days `/v1/summary/top` may rank over (it reads every shard's day rollups of the range). */
  maxTopDays: 31,
  /** Longest `prefix` of `/v1/sites`, characters (a site id's longest). */
  maxPrefixLength: 64,
} as const;

/** Default ranges, used when a bound is absent. */
export const RANGE_DEFAULTS = {
  /** Earliest instant: an absent `from` / `start_date` means the whole history. */
  earliest: '0000-01-01T00:00:00.000Z',
  /** Latest instant: an absent `to` / `end_date` means the whole history. */
  latest: '9999-12-31T23:59:59.999Z',
  /** `/v1/summary` without `from`: this many milliseconds before `to`, by bucket. */
  summarySpanMs: { hour: 24 * 3_600_000, day: 30 * 86_400_000 },
  /** `/v1/summary/top` without `from`: this many milliseconds before `to` (7 days). */
  topSpanMs: 7 * 86_400_000,
} as const;

/** Names of the routes, as logged and as bound into cursors. */
export const ROUTE_IDS = {
  siteReadings: 'site-readings',
  siteAnomalies: 'site-anomalies',
  allReadings: 'all-readings',
  sites: 'sites',
  summarySites: 'summary-sites',
  alerts: 'alerts',
} as const;

/** Time budgets of one request, milliseconds. */
export const API_TIMEOUTS = {
  /**
   * All data-store calls of one request together. Below the API Lambda's 10 s timeout (API
   * Gateway's is 30 s), so a stalled or slow DynamoDB gets the documented 503 with a request id
   * instead of a timeout that API Gateway turns into a bare 500.
   */
  dataBudgetMs: 8_000,
} as const;
