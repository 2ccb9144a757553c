/** Settings of the fleet cost simulation; `bench/run.ts` reads overrides from the environment. */
export const FLEET_BENCH = {
  /** Fleet sizes `pnpm bench` simulates (`FLEET_SITES=10,1000`). */
  siteCounts: [10, 1_000, 10_000],
  /**
   * Ticks run before the measured ones and left out (`FLEET_WARMUP_TICKS`): the S3 test event, cold
   * caches and, with more of them, the burst of alert openings of a fresh fleet (at the default
   * fault rate 74 % of (site, rule) alerts open within 6 ticks), which a running fleet has behind it.
   */
  warmupTicks: 12,
  /** Five-minute ticks measured per fleet size after the warm-up ticks (`FLEET_TICKS`); 24 = two simulated hours. */
  ticks: 24,
  /** Simulated minutes between generator ticks (the deployed schedule is `rate(5 minutes)`). */
  tickMinutes: 5,
  /** A fleet size's run stops after the tick that crosses this wall time, seconds (`FLEET_BUDGET_SECONDS`). */
  budgetSeconds: 240,
  /** A tick that takes longer than this, seconds, gets its own progress line (processor, summarizer, alerter times). */
  slowTickSeconds: 10,
  /** Fewest measured ticks even when over budget, so that each size has a steady-state figure. */
  minTicks: 2,
  /** First simulated tick (UTC): a fixed instant so that runs are comparable. */
  startTime: '2025-02-16T00:00:00Z',
  /** Generator seed of the simulation. */
  seed: 'fleet-bench',
  /** Simulated seconds between a file written and the processor running on it (the event source's batching window). */
  processingDelaySeconds: 5,
  /** Concurrent BatchWriteItem calls of the floor's writer (as the processor's write pipeline). */
  floorWriteConcurrency: 4,
  /** Items per BatchWriteItem call (the DynamoDB maximum). */
  batchWriteItems: 25,
  /** Messages per receive and per processor invocation (`STACK_SETTINGS.processor.batchSize` caps it too). */
  receiveMax: 10,
  /** Simulated ticks per day, for the alert-messages-per-day figure. */
  ticksPerDay: 288,
  /** Goal of issue 9: total cost per reading within this multiple of the floor. */
  floorGoal: 1.25,
} as const;
