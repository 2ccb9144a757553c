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
  /**
   * Long-poll wait of the processor runtime's event source, seconds. A runtime that is stopped
   * mid-poll leaves its ReceiveMessage open on the emulator (moto finishes a long poll whether
   * or not its client is still there), so `stopRuntime` waits this long before anything else
   * is sent: a file uploaded meanwhile would be received by nobody and hidden for the
   * visibility timeout.
   */
  runtimeWaitTimeSeconds: 1,
  /** Longest wait for the ingest queue to drain after a case, ms. */
  quietTimeoutMs: 300_000,
  /** BatchGetItem calls in flight at once while counting the stored readings. */
  countConcurrency: 8,
} as const;

/** How big a run is: `test` (bounded, in `make test`) or `bench` (the full run, `pnpm bench`). */
export type SuiteScale = 'test' | 'bench';

/**
 * Sizes of the large-file cases (one reading a second, one in 9 anomalous). At `test` scale
 * the processor runs with an 8 s timeout (6.4 s of work after its margins), so that a file of
 * 100,000 readings (about 8 MB) takes three invocations or more even on an idle core (up to
 * about 5,000 readings/s; measured: docs/reliability.md) while the case stays within a few
 * minutes: counting reads every reading back, about 1 ms each on the emulator. The bench keeps
 * the deployed 30 s and the 60 MB file of issue 13.
 */
export const LARGE_FILE_SETTINGS = {
  /** Readings of the `big-file` case's file. */
  bigFileReadings: { test: 100_000, bench: 517_690 },
  /** Readings of the `slow-co-batched` case's slow file. */
  slowFileReadings: { test: 100_000, bench: 150_000 },
  /** Processor timeout at `test` scale, seconds (deployed: `STACK_SETTINGS.processor.timeoutSeconds`, 30). */
  testTimeoutSeconds: 8,
  /** Longest wait for the 60 MB file to drain at `bench` scale, ms. */
  benchQuietTimeoutMs: 1_800_000,
} as const;

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

/**
 * The alert counts of a case run with the per-reading feed off (`ALERT_FEED=none`, the deployed
 * default): no per-reading alerts exist, so none are counted (not a 0 that could pass for "none
 * lost"). Why the large-file cases run so: docs/reliability.md.
 */
export const ALERTS_NOT_COUNTED = {
  alertsLost: null,
  alertsDuplicated: null,
  alertsDuplicatedDetectable: null,
} as const satisfies Partial<CaseCounts>;
