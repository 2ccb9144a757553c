import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { createDynamoDocumentClient } from '@energy/aws-clients/dynamodb';
import { createS3Client } from '@energy/aws-clients/s3';
import { createSnsClient } from '@energy/aws-clients/sns';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { parseProcessorEnvironment } from './environment.js';
import { processMessage } from './ingest/processMessage.js';
import { withTelemetry } from './telemetry.js';
import type { IngestDependencies } from './types.js';

// Built once per container: clients keep their connections warm across invocations, and
// a missing setting fails the cold start with the variable's name.
const logger = new Logger();
const metrics = new Metrics();
const processor = new BatchProcessor(EventType.SQS);
const deps: IngestDependencies = {
  s3: createS3Client(),
  ddb: createDynamoDocumentClient(),
  sns: createSnsClient(),
  config: parseProcessorEnvironment(process.env),
  metrics,
};

const recordHandler = async (record: SQSRecord): Promise<void> => {
  await processMessage(deps, record, logger);
};

/**
 * SQS event source handler: each message is processed on its own and only the failed ones
 * are reported back (`batchItemFailures`), so SQS retries those alone.
 */
export const handler = async (event: SQSEvent, context: Context): Promise<SQSBatchResponse> =>
  withTelemetry({ logger, metrics, context }, () =>
    processPartialResponse(event, recordHandler, processor, { context }),
  );
