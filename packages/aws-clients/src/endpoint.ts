import { NodeHttpHandler } from '@smithy/node-http-handler';

/** Settings every client of this project starts from. */
export type BaseClientConfig = {
  /** AWS region; the SDK's own resolution applies when unset. */
  region?: string;
  /** Emulator or other non-AWS endpoint; unset on AWS. */
  endpoint?: string;
  /** Total attempts per call (first try included), using the SDK's standard retry with backoff. */
  maxAttempts: number;
  /** HTTP handler with connection and socket timeouts, so a dead endpoint fails fast instead of hanging. */
  requestHandler: NodeHttpHandler;
};

/**
 * Builds the shared client settings from the environment. `AWS_ENDPOINT_URL`
 * is the SDK's own variable for a custom endpoint; reading it here too lets the
 * S3 factory switch to path-style addressing, which emulators need.
 */
export function baseClientConfig(env: NodeJS.ProcessEnv = process.env): BaseClientConfig {
  const config: BaseClientConfig = {
    maxAttempts: Number(env.AWS_MAX_ATTEMPTS ?? 3),
    requestHandler: new NodeHttpHandler({ connectionTimeout: 3_000, requestTimeout: 20_000 }),
  };
  if (env.AWS_REGION) config.region = env.AWS_REGION;
  if (env.AWS_ENDPOINT_URL) config.endpoint = env.AWS_ENDPOINT_URL;
  return config;
}
