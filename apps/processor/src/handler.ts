import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { withTelemetry } from '@energy/aws-clients/telemetry';
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { createProcessorContext } from './context.js';
import { processBatch } from './ingest/processBatch.js';

const logger = new Logger();
const metrics = new Metrics();
const context = createProcessorContext(process.env, logger, metrics);

/**
 * SQS event source handler: each message is processed on its own, within the invocation's
 * remaining time, and only the failed or unfinished ones are reported back
 * (`batchItemFailures`), so SQS retries those alone.
 */
export const handler = async (event: SQSEvent, lambdaContext: Context): Promise<SQSBatchResponse> =>
  withTelemetry({ logger, metrics, context: lambdaContext }, () =>
    processBatch(context, event, lambdaContext),
  );
