/** Defaults of the local stack. */
export const LOCAL_STACK_DEFAULTS = {
  /** Emulator port of `make stack` / `make demo` (LocalStack's, so tools that assume it work). */
  emulatorPort: 4566,
  /** Port of the local HTTP API. */
  apiPort: 3000,
  /** Region every client uses. */
  region: 'us-east-1',
  /** Resource prefix of `make stack` / `make demo` and of the test harness. */
  prefix: 'energy-local',
  /** Seconds between generator runs in the demo (the deployed schedule stays `rate(5 minutes)`). */
  demoRateSeconds: 5,
  /** Milliseconds to wait for the emulator to answer after it was started. */
  startTimeoutMs: 30_000,
  /** Milliseconds between SIGTERM and SIGKILL when stopping the emulator. */
  stopGraceMs: 3_000,
  /**
   * The progress line's counts scan the readings table, which takes the emulator seconds at
   * fleet sizes (33 s for 50,000 items, measured): the next count waits at least this many times
   * the last one's duration, so counting takes at most a tenth of the emulator's time.
   */
  progressWaitPerScan: 9,
} as const;

/** Dummy credentials: the emulator accepts any, the SDK insists on some. */
export const DUMMY_CREDENTIALS = {
  /** Access key id. */
  accessKeyId: 'test',
  /** Secret access key. */
  secretAccessKey: 'test',
} as const;
