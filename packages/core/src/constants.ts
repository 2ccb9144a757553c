/**
 * Limits of a valid `site_id`. The charset excludes `#`, which the summary
 * table uses as a key separator, and anything that would need escaping in a URL path.
 */
export const SITE_ID = {
  /** Shortest accepted id, in characters. */
  minLength: 1,
  /** Longest accepted id, in characters. */
  maxLength: 64,
  /** Letters, digits, `_`, `-` and `.`, starting with a letter or digit. */
  pattern: /^[A-Za-z0-9][A-Za-z0-9_.-]*$/,
} as const;

/** Attribute and index names of the readings table; Terraform and the local stack use the same. */
export const READINGS_TABLE = {
  /** Partition key: the site. */
  partitionKey: 'site_id',
  /** Sort key: canonical UTC timestamp, so string order is time order. */
  sortKey: 'timestamp',
  /** Sparse GSI holding only anomalous readings. */
  anomalyIndexName: 'anomalies-by-site',
  /** Partition key of the anomaly GSI; present only on anomalous items. */
  anomalyIndexPartitionKey: 'anomaly_site_id',
  /** Sort key of the anomaly GSI (the same attribute as the table's sort key). */
  anomalyIndexSortKey: 'timestamp',
} as const;

/** Key attribute names of the summary table (aggregates, site registry, alert markers). */
export const SUMMARY_TABLE = {
  /** Partition key (string). */
  partitionKey: 'pk',
  /** Sort key (string). */
  sortKey: 'sk',
  /** TTL attribute (epoch seconds) for items that expire, such as alert markers. */
  ttlAttribute: 'expires_at',
} as const;

/** Time-bucket granularities that aggregates are kept at. */
export const BUCKETS = ['hour', 'day'] as const;

/**
 * What DynamoDB and the AWS SDK's document client store exactly. The document client refuses a
 * number beyond ±`Number.MAX_SAFE_INTEGER` (it could not read it back exactly); DynamoDB refuses
 * a nonzero magnitude below 1e-130 (and keeps 38 significant digits, more than the 17 a double
 * needs, so precision is never the limit).
 */
export const STORABLE_NUMBER = {
  /** Largest magnitude the document client writes without loss: 2^53 - 1. */
  maxMagnitude: Number.MAX_SAFE_INTEGER,
  /** Smallest nonzero magnitude DynamoDB stores. */
  minMagnitude: 1e-130,
} as const;

/**
 * Physical plausibility of one reading. 1,000,000 kWh (1 GWh) in one reading is more than the
 * largest plant on Earth makes in a five-minute interval, so a larger value is a unit or
 * firmware error, not energy. Deployments with other intervals set `MAX_READING_KWH`.
 */
export const READING_LIMITS = {
  /** Default largest |energy| per reading, kWh. */
  maxAbsKwh: 1_000_000,
  /** Environment variable that overrides {@link READING_LIMITS.maxAbsKwh} in the processor. */
  environmentVariable: 'MAX_READING_KWH',
  /**
   * Largest bound that may be configured: 2^52, so that generated − consumed (at most twice
   * the bound) stays within what the document client stores.
   */
  maxConfigurableKwh: 2 ** 52,
} as const;

/** Size limits of the summary items (DynamoDB: 400 KB per item, one write unit per started KB). */
export const SUMMARY_LIMITS = {
  /**
   * A contribution head carries its per-site totals itself while the whole head stays within
   * one write unit: a file of a small fleet then costs one summary write, not two.
   */
  inlineHeadBytes: 1_024,
  /** Per-site totals packed into one contribution part or rollup item, at most (well under 400 KB). */
  maxPackedBytes: 300_000,
  /** Sites per rollup shard the summarizer aims at: a shard count of ceil(sites / this). */
  sitesPerShard: 1_000,
  /** Site ids per registry item (64-character ids: about 330 KB). */
  sitesPerRegistryItem: 5_000,
  /**
   * Days the fleet's daily view reads live from the heads (today, yesterday and the day before),
   * and the days a summarizer run with no checkpoint yet (its first) examines in full.
   */
  windowDays: 3,
  /**
   * A file whose readings fall in an hour that began more than this many hours before the
   * processor handled it marks that hour's day (`LATE`): with 2, readings of the current and the
   * previous hour never do. The summarizer re-examines a marked day whole, and otherwise only the
   * hours near its checkpoint, so its reads do not grow with the heads a day has gathered.
   */
  liveHours: 2,
  /**
   * Seconds before its checkpoint (the previous run's start) where a summarizer run starts
   * reading heads, on top of {@link SUMMARY_LIMITS.liveHours}: a processor invocation may write a
   * head up to 15 minutes (Lambda's longest timeout) after it read its clock, and a Query may miss
   * a write of the last moments (eventually consistent): 15 + 1 minutes.
   */
  rescanMarginSeconds: 960,
} as const;
