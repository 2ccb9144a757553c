/** Settings of the suite's stack and waits. */
export const SUITE_SETTINGS = {
  /**
   * Visibility timeout of the ingest queue, seconds: short, so that a failed or killed
   * message comes back within the case (deployed: 190 s). The local runtime ends a timed-out
   * invocation itself, so a redelivery never overlaps a live attempt.
   */
  visibilityTimeoutSeconds: 20,
  /** Longest wait for the ingest queue to drain after a case, ms. */
  quietTimeoutMs: 300_000,
} as const;

/** How big a run is: `test` (bounded, in `make test`) or `bench` (the full run, `pnpm bench`). */
export type SuiteScale = 'test' | 'bench';
