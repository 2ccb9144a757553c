/** Timeouts of one HTTP call to an AWS service, milliseconds (0: none). */
export type CallTimeouts = {
  /** Most time to open the TCP connection. */
  connectionMs: number;
  /**
   * Most time from the start of the request to the answer's headers, uploading the body
   * included; enforced (the attempt fails with a TimeoutError and is retried). A cap for
   * calls that trickle; stalls are caught sooner by `socketIdleMs`.
   */
  requestMs: number;
  /** Most time the connection may carry no byte either way: a stalled call, before or after its answer began. */
  socketIdleMs: number;
};

/**
 * Timeouts per kind of caller. A stalled call (no byte moving) fails after `socketIdleMs`
 * with a `TimeoutError`, which the SDK's standard retry repeats (`maxAttempts` in all), so
 * the worst case of a stalled call is about `maxAttempts × socketIdleMs` plus backoff, and
 * must fit the caller's own deadline:
 * - `function`: the processor and generator (30 s timeout): 3 × 8 s idle leaves room to report
 *   the failed message before Lambda ends the invocation; 25 s caps one attempt that trickles.
 * - `api`: the API (10 s timeout, API Gateway 30 s): 3 × 2.5 s, inside the API's 8 s request
 *   budget, so it answers 503 itself instead of timing out.
 * - `tooling`: tests, benchmarks and the local stack's own clients, which upload files of
 *   tens of MB to a loaded emulator: no cap on the whole call, only on a stall.
 */
export const CALL_TIMEOUTS = {
  function: { connectionMs: 3_000, requestMs: 25_000, socketIdleMs: 8_000 },
  api: { connectionMs: 1_000, requestMs: 2_500, socketIdleMs: 2_500 },
  tooling: { connectionMs: 3_000, requestMs: 0, socketIdleMs: 60_000 },
} as const satisfies Record<string, CallTimeouts>;

/** Attempts per call (first try included) when `AWS_MAX_ATTEMPTS` is unset. */
export const DEFAULT_MAX_ATTEMPTS = 3;
