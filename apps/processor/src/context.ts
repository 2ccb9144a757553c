import type { Logger } from '@aws-lambda-powertools/logger';
import type { Metrics } from '@aws-lambda-powertools/metrics';
import { createDynamoDocumentClient } from '@energy/aws-clients/dynamodb';
import { createS3Client } from '@energy/aws-clients/s3';
import { createSnsClient } from '@energy/aws-clients/sns';
import { createSqsClient } from '@energy/aws-clients/sqs';
import { systemClock } from './clock.js';
import { parseProcessorEnvironment } from './environment.js';
import type { ProcessorContext } from './types.js';

/**
 * The Lambda's context, built once per container: clients keep their connections warm across
 * invocations, and a missing setting fails the cold start with the variable's name.
 *
 * @example
 * const context = createProcessorContext(process.env, new Logger(), new Metrics());
 */
export function createProcessorContext(
  env: NodeJS.ProcessEnv,
  logger: Logger,
  metrics: Metrics,
): ProcessorContext {
  return {
    s3: createS3Client(),
    ddb: createDynamoDocumentClient(),
    sns: createSnsClient(),
    sqs: createSqsClient(),
    config: parseProcessorEnvironment(env),
    logger,
    metrics,
    clock: systemClock,
  };
}
