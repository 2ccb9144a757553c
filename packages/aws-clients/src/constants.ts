/** Timeouts of one HTTP call to an AWS service, milliseconds. */
export type CallTimeouts = {
  /** Most time to open the TCP connection. */
  connectionMs: number;
  /** Most time from sending the request to the answer's headers; enforced (the call fails, then is retried). */
  requestMs: number;
  /** Most time the socket may stay idle while the answer's body streams in. */
  socketIdleMs: number;
};

/**
 * Timeouts per kind of caller. A stalled call fails with a `TimeoutError`, which the SDK's
 * standard retry repeats (`maxAttempts` in all), so the worst case of one call is about
 * `maxAttempts × requestMs` plus backoff, and must fit the caller's own deadline:
 * - `function`: the processor and generator (30 s timeout): 3 × 8 s leaves room to report
 *   the failed message before Lambda ends the invocation.
 * - `api`: the API (10 s timeout, API Gateway 30 s): 3 × 2.5 s, inside the API's
 *   request budget, so it answers 503 itself instead of timing out.
 */
export const CALL_TIMEOUTS = {
  function: { connectionMs: 3_000, requestMs: 8_000, socketIdleMs: 8_000 },
  api: { connectionMs: 1_000, requestMs: 2_500, socketIdleMs: 2_500 },
} as const satisfies Record<string, CallTimeouts>;

/** Attempts per call (first try included) when `AWS_MAX_ATTEMPTS` is unset. */
export const DEFAULT_MAX_ATTEMPTS = 3;
