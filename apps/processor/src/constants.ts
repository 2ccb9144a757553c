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
  /** Readings repeated with the same (site_id, timestamp) in one write round; the last one won. */
  duplicates: 'DuplicateReadings',
  /** Files handed on to a continuation message because the invocation ran out of time. */
  filesContinued: 'FilesContinued',
} as const;

/** Tuning of the readings writes. */
export const WRITE_SETTINGS = {
  /** Items per BatchWriteItem call: the DynamoDB maximum. */
  batchSize: 25,
  /** BatchWriteItem calls in flight at once for one file. */
  concurrency: 8,
  /**
   * Readings parsed into one write round (25 × 8 × 5: five calls per write slot, so that the
   * slowest call of a round holds the others back little). One round is in flight per file
   * while the next one parses.
   */
  roundReadings: 25 * 8 * 5,
  /** Attempts per batch while DynamoDB returns UnprocessedItems (first try included). */
  maxAttempts: 8,
  /** Backoff base, ms: attempt n waits a random time in [0, min(cap, base × 2^n)) ("full jitter"). */
  baseDelayMs: 50,
  /** Backoff cap, ms. */
  maxDelayMs: 2_000,
} as const;

/**
 * How a file is cut into segments: the unit of progress that is never redone. Segment k holds
 * records [k·N, (k+1)·N) in file order (valid or not), the same on every read of the same
 * version; its readings are stored, its rejects quarantined and its summary contribution
 * written before segment k + 1 starts.
 */
export const SEGMENT_SETTINGS = {
  /**
   * Records per segment. 5,000: under a second on a quiet emulator, and still well inside one
   * 30 s invocation on a machine loaded five times over (measured: about 600 readings/s there),
   * so that every attempt completes segments. A 10,000-site tick is two segments, one invocation.
   */
  records: 5_000,
} as const;

/** Time-awareness of an invocation (remaining time read from the Lambda context). */
export const TIME_SETTINGS = {
  /**
   * A file stops taking new records when fewer than this many ms remain, and stops at a
   * segment boundary when the next segment (estimated by the last one) would end inside it:
   * room for the write round in flight, the segment's rejects and summary, and the
   * continuation message.
   */
  stopMarginMs: 5_000,
  /** A message still running when only this many ms remain is reported failed, so that the invocation returns. */
  hardMarginMs: 1_500,
  /**
   * Neither margin exceeds this share of the invocation's time (a short test timeout keeps
   * most of its time for work): with 30 s, 5 s and 1.5 s; with 5 s, 1 s and 1 s.
   */
  maxMarginShare: 0.2,
} as const;

/** Bounds that hold across all the messages of one invocation (the batch processor runs them in parallel). */
export const BATCH_SETTINGS = {
  /**
   * Records whose segments may be open at once across the batch (each open segment holds its
   * readings for the summary and its rejects until it completes). Eight full segments: with
   * 10 large files in one batch, the others wait for a segment to close, and memory stays
   * within the function's 512 MB.
   */
  openRecords: 8 * 5_000,
  /** Fewest bytes one record can take (`{"site_id":"a",...}` is longer): sizes a small file's share of {@link BATCH_SETTINGS.openRecords}. */
  minRecordBytes: 60,
} as const;

/**
 * Values of `ALERT_FEED`: whether the processor publishes the per-reading feed. The alerter's
 * state changes and digests are the alerts people read; this feed, one message per anomalous
 * reading with `kind=reading`, is an opt-in for machine subscribers that want every detail.
 */
export const ALERT_FEED = {
  /** No per-reading messages, no alert markers: anomalies cost ingest nothing beyond their reading. */
  none: 'none',
  /** One message per anomalous reading, exactly once per reading (sendAlerts and its markers). */
  readings: 'readings',
} as const;

/** One of {@link ALERT_FEED}. */
export type AlertFeed = (typeof ALERT_FEED)[keyof typeof ALERT_FEED];

/** Tuning of the per-reading feed ({@link ALERT_FEED}.readings). */
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
