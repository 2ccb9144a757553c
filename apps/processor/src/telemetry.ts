import type { Logger } from '@aws-lambda-powertools/logger';
import type { Metrics } from '@aws-lambda-powertools/metrics';
import type { Context } from 'aws-lambda';

/**
 * Runs one invocation with the Lambda context in every log line and flushes the EMF
 * metrics when it ends, success or not (what Powertools' middy middlewares do, without
 * the dependency).
 *
 * @example
 * export const handler = (event, context) => withTelemetry({ logger, metrics, context }, () => work(event));
 */
export async function withTelemetry<T>(
  telemetry: { logger: Logger; metrics: Metrics; context: Context },
  invocation: () => Promise<T>,
): Promise<T> {
  telemetry.logger.addContext(telemetry.context);
  try {
    return await invocation();
  } finally {
    telemetry.metrics.publishStoredMetrics();
  }
}
