/** Names of the EMF metrics the processor emits (unit: Count). Dashboards and alarms use these. */
export const METRIC = {
  /** Readings written to the readings table. */
  readingsStored: 'ReadingsStored',
  /** Records rejected by validation and written to quarantine. */
  readingsRejected: 'ReadingsRejected',
  /** Stored readings flagged anomalous. */
  anomalies: 'AnomaliesDetected',
  /** Alerts published to SNS. */
  alertsSent: 'AlertsSent',
  /** Alerts that could not be published (the readings stay stored). */
  alertFailures: 'AlertFailures',
  /** Files or messages quarantined whole (not JSON, gone, too large, not a notification). */
  filesQuarantined: 'FilesQuarantined',
  /** Readings repeated with the same (site_id, timestamp) in one write batch; the last one won. */
  duplicates: 'DuplicateReadings',
} as const;

/** Tuning of the readings writes. */
export const WRITE_SETTINGS = {
  /** Items per BatchWriteItem call: the DynamoDB maximum. */
  batchSize: 25,
  /** BatchWriteItem calls in flight at once for one file. */
  concurrency: 8,
  /** Attempts per batch while DynamoDB returns UnprocessedItems (first try included). */
  maxAttempts: 8,
  /** Backoff base, ms: attempt n waits a random time in [0, min(cap, base × 2^n)) ("full jitter"). */
  baseDelayMs: 50,
  /** Backoff cap, ms. */
  maxDelayMs: 2_000,
} as const;

/**
 * Readings buffered from the parser before a write round: five calls per write slot, so
 * that the slowest call of a round holds the others back little.
 */
export const FLUSH_READINGS = WRITE_SETTINGS.batchSize * WRITE_SETTINGS.concurrency * 5;

/** Tuning of the summary recomputation. */
export const SUMMARY_SETTINGS = {
  /**
   * Stored readings held (a few dozen bytes each) before they are merged into their hour
   * aggregates: within this many, each touched site-hour is written once. Bounds memory on
   * big files (a 50 MB file holds about 450,000 readings).
   */
  flushReadings: 20_000,
  /** Read-merge-write rounds of an hour index that other writers keep changing, before the message fails. */
  maxRounds: 10,
} as const;

/** Tuning of the alerts. */
export const ALERT_SETTINGS = {
  /** Entries per SNS PublishBatch call: the SNS maximum. */
  batchSize: 10,
  /** Lifetime of an alert marker, seconds (7 days): longer than any redelivery of the same file. */
  markerTtlSeconds: 7 * 24 * 3600,
  /**
   * How long a pending alert claim holds off other attempts, seconds: the processor's timeout
   * (30 s), which no invocation outlives, so an expired claim belongs to a dead attempt.
   */
  claimLeaseSeconds: 30,
  /** Longest SNS subject, characters (SNS limit). */
  maxSubjectLength: 100,
} as const;
