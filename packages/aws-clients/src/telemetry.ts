import type { Logger } from '@aws-lambda-powertools/logger';
import type { Metrics } from '@aws-lambda-powertools/metrics';
import type { Context } from 'aws-lambda';

/** What one Lambda invocation reports through: its log, and its EMF metrics if the function has any. */
export type Telemetry = {
  /** Powertools Logger of the function, built once per container. */
  logger: Logger;
  /** Powertools Metrics of the function; flushed when the invocation ends. */
  metrics?: Metrics;
  /** The invocation's Lambda context. */
  context: Context;
};

/**
 * Runs one invocation with the Lambda context (request id, function name, cold start) in every
 * log line, and flushes the EMF metrics when it ends, success or not: what Powertools' middy
 * middlewares do, without the dependency. Every handler of the stack goes through it, so their
 * log lines carry the same keys.
 *
 * @example
 * export const handler = (event: SQSEvent, context: Context) =>
 *   withTelemetry({ logger, metrics, context }, () => work(event));
 */
export async function withTelemetry<T>(telemetry: Telemetry, invocation: () => Promise<T>): Promise<T> {
  telemetry.logger.addContext(telemetry.context);
  try {
    return await invocation();
  } finally {
    telemetry.metrics?.publishStoredMetrics();
  }
}
