import { Logger } from '@aws-lambda-powertools/logger';
import { READING_LIMITS } from '@energy/core';
import type { LocalStack } from '@energy/local-stack';
import { systemClock } from '../../src/clock.js';
import { SEGMENT_SETTINGS } from '../../src/constants.js';
import type { ProcessorConfig } from '../../src/environment.js';
import type { ProcessorContext } from '../../src/types.js';
import { quietLogger, recordingMetrics } from './factories.js';

/** The processor's context on a stack, as the handler builds it from the stack's environment. */
export function stackContext(
  stack: LocalStack,
  overrides: Partial<ProcessorContext> = {},
  config: Partial<ProcessorConfig> = {},
): ProcessorContext {
  return {
    s3: stack.clients.s3,
    ddb: stack.clients.documentClient,
    sns: stack.clients.sns,
    sqs: stack.clients.sqs,
    config: {
      readingsTable: stack.names.readingsTable,
      summaryTable: stack.names.summaryTable,
      alertTopicArn: stack.topicArn,
      quarantinePrefix: stack.settings.storage.quarantinePrefix,
      maxFileBytes: stack.settings.processor.maxFileBytes,
      maxReadingKwh: READING_LIMITS.maxAbsKwh,
      segmentRecords: SEGMENT_SETTINGS.records,
      ingestQueueUrl: stack.queueUrl,
      ...config,
    },
    logger: process.env.TEST_LOGS
      ? new Logger({ serviceName: 'processor-test', logLevel: 'INFO' })
      : quietLogger(),
    metrics: recordingMetrics(),
    clock: systemClock,
    ...overrides,
  };
}
