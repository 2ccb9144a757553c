/** Concurrency of the summarizer's reads (its run time is mostly round trips to DynamoDB). */
export const SUMMARIZER_LIMITS = {
  /** Days planned at once (each: one Query of heads, then one per changed hour with parts). */
  dayConcurrency: 4,
  /** Shards whose stored hour rollups are read at once when a day's rollup is rebuilt. */
  shardReadConcurrency: 4,
} as const;
