import { NodeHttpHandler } from '@smithy/node-http-handler';
import { CALL_TIMEOUTS, type CallTimeouts, DEFAULT_MAX_ATTEMPTS } from './constants.js';

export { CALL_TIMEOUTS, type CallTimeouts } from './constants.js';

/** Settings every client of this project starts from. */
export type BaseClientConfig = {
  /** AWS region; the SDK's own resolution applies when unset. */
  region?: string;
  /** Emulator or other non-AWS endpoint; unset on AWS. */
  endpoint?: string;
  /** Total attempts per call (first try included), using the SDK's standard retry with backoff. */
  maxAttempts: number;
  /** HTTP handler with enforced connection, request and socket-idle timeouts (see {@link timeoutHandler}). */
  requestHandler: NodeHttpHandler;
};

/**
 * An HTTP handler that fails a call which exceeds its timeouts. `throwOnRequestTimeout`
 * matters: without it `@smithy/node-http-handler` (4.x) only logs a warning when
 * `requestTimeout` passes and the call hangs on. The request timeout ends when the answer's
 * headers arrive, so `socketTimeout` covers a body that stops streaming.
 *
 * @example
 * new DynamoDBClient({ requestHandler: timeoutHandler(CALL_TIMEOUTS.api) });
 */
export function timeoutHandler(timeouts: CallTimeouts): NodeHttpHandler {
  return new NodeHttpHandler({
    connectionTimeout: timeouts.connectionMs,
    ...(timeouts.requestMs > 0 ? { requestTimeout: timeouts.requestMs, throwOnRequestTimeout: true } : {}),
    socketTimeout: timeouts.socketIdleMs,
  });
}

/**
 * Builds the shared client settings from the environment. `AWS_ENDPOINT_URL`
 * is the SDK's own variable for a custom endpoint; reading it here too lets the
 * S3 factory switch to path-style addressing, which emulators need.
 *
 * @example
 * new SchedulerClient({ ...baseClientConfig(process.env, CALL_TIMEOUTS.function) });
 */
export function baseClientConfig(
  env: NodeJS.ProcessEnv = process.env,
  timeouts: CallTimeouts = CALL_TIMEOUTS.function,
): BaseClientConfig {
  const config: BaseClientConfig = {
    maxAttempts: Number(env.AWS_MAX_ATTEMPTS ?? DEFAULT_MAX_ATTEMPTS),
    requestHandler: timeoutHandler(timeouts),
  };
  if (env.AWS_REGION) config.region = env.AWS_REGION;
  if (env.AWS_ENDPOINT_URL) config.endpoint = env.AWS_ENDPOINT_URL;
  return config;
}
