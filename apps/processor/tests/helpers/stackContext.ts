import { Logger } from '@aws-lambda-powertools/logger';
import type { LocalStack } from '@energy/local-stack';
import { stackProcessorContext } from '../../bench/ingestVariants.js';
import type { ProcessorConfig } from '../../src/environment.js';
import type { ProcessorContext } from '../../src/types.js';
import { quietLogger, recordingMetrics } from './factories.js';

/**
 * The processor's context on a stack (the bench's {@link stackProcessorContext}) with a silent
 * logger (`TEST_LOGS=1` prints its lines) and a recording metrics sink.
 */
export function stackContext(
  stack: LocalStack,
  overrides: Partial<ProcessorContext> = {},
  config: Partial<ProcessorConfig> = {},
): ProcessorContext {
  const logger = process.env.TEST_LOGS
    ? new Logger({ serviceName: 'processor-test', logLevel: 'INFO' })
    : quietLogger();
  return stackProcessorContext(stack, { logger, metrics: recordingMetrics(), ...overrides }, config);
}
