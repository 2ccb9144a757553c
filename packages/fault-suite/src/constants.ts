import type { CaseCounts } from './types.js';

/** Settings of the suite's stack and waits. */
export const SUITE_SETTINGS = {
  /**
   * Visibility timeout of the ingest queue, seconds: short, so that a failed or killed
   * message comes back within the case (deployed: 190 s), yet longer than the processor's
   * alert claim lease (30 s), as deployed: the redelivery of a killed attempt finds its
   * claims expired instead of failing once more on them.
   */
  visibilityTimeoutSeconds: 35,
  /** Longest wait for the ingest queue to drain after a case, ms. */
  quietTimeoutMs: 300_000,
} as const;

/** How big a run is: `test` (bounded, in `make test`) or `bench` (the full run, `pnpm bench`). */
export type SuiteScale = 'test' | 'bench';

/** The counts of a case where nothing was lost, duplicated, altered or dead-lettered. */
export const NOTHING_WRONG = {
  readingsLost: 0,
  readingsDuplicated: 0,
  readingsAltered: 0,
  rejectsMissing: 0,
  wronglyQuarantined: 0,
  alertsLost: 0,
  alertsDuplicated: 0,
  alertsDuplicatedDetectable: 0,
  deadLettered: 0,
} as const satisfies CaseCounts;
