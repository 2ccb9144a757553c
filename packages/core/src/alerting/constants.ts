/**
 * Fixed limits of the alerter (the tunable periods are `STACK_SETTINGS.alerter` in
 * `@energy/config`, passed in as {@link AlertSettings}).
 */
export const ALERTER_LIMITS = {
  /**
   * Hours of contribution heads a run looks at before its checkpoint: a file whose readings are
   * older than this when it arrives is in the summary but raises no alert. Short, because every
   * run reads the heads of the window and its checkpoint lists the ones it folded.
   */
  lookbackHours: 3,
  /**
   * Minutes after which a run with nothing to announce writes its checkpoint anyway. Such a run
   * (no state change, no digest due) writes nothing: its successor folds the same observations
   * again from the last checkpoint and reaches the same state. This bounds what that costs: a
   * run reads at most `lookbackHours` plus this much of heads, and folds at most this much twice.
   */
  quietCheckpointMinutes: 60,
  /** Hex digits of a folded head's token in the checkpoint (40 bits: no collision among an hour's heads in practice). */
  headTokenDigits: 10,
  /** Sample readings quoted in a state-change message. */
  sampleValues: 3,
  /** Anomaly-index items read per sample query (filtered to the rule in the adapter). */
  sampleQueryLimit: 12,
  /** Open alerts listed by name in a digest (the rest are counted). */
  digestListed: 50,
  /** Changes since the last digest listed by name (the rest are counted). */
  digestRecentChanges: 50,
  /** Days a resolved episode stays in `GET /v1/alerts` ("recent") before its TTL removes it. */
  resolvedRetentionDays: 7,
  /** Sites per working-state shard (like the rollups). */
  sitesPerShard: 1_000,
  /** Longest SNS subject (the SNS limit). */
  subjectMaxChars: 100,
  /**
   * State changes in one run above which the run sends one storm message (counts by rule and
   * event, the first {@link ALERTER_LIMITS.digestListed} listed) instead of one message per
   * change, and writes the episodes without sample values. A fleet-wide event (a network outage
   * silences thousands of sites; a fresh fleet opens thousands of alerts) stays one message an
   * ops team can read, and one run's work: at 10,000 sites, 20,000 changes of ~4 requests each
   * would outlast the function's timeout on every retry.
   */
  stormThreshold: 100,
  /** Episode records written at once in a storm run. */
  stormWriteConcurrency: 16,
} as const;

/**
 * The alerter's own items in the summary table (its working state; the episodes others read
 * are `ALERTS` items, see alertRecord.ts):
 *
 *   pk = ALERTER   sk = META                      lease, checkpoint (and its version), folded heads, digest bookkeeping
 *   pk = ALERTER   sk = STATE#<shards>#<shard>#<slot>   packed per-site state of one shard (two slots)
 */
export const ALERTER_KEY = {
  partition: 'ALERTER',
  meta: 'META',
  statePrefix: 'STATE#',
} as const;
