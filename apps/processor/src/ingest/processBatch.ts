import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { DeadlineExceededError } from '../errors.js';
import type { ProcessorContext } from '../types.js';
import { startInvocation } from './invocation.js';
import { type MessageProgress, processMessage } from './processMessage.js';

// Built once per container, as Powertools advises; it runs a batch's records in parallel.
const batchProcessor = new BatchProcessor(EventType.SQS);

/**
 * Processes one SQS batch within the invocation's time: every message runs in parallel under
 * one deadline and one record budget, and only the messages that failed or were still running
 * near the deadline are reported (`batchItemFailures`); finished ones are acknowledged, so a
 * slow message never takes healthy ones down with it.
 *
 * @example
 * export const handler = (event, lambdaContext) => processBatch(context, event, lambdaContext);
 */
export async function processBatch(
  context: ProcessorContext,
  event: SQSEvent,
  lambdaContext: Context,
): Promise<SQSBatchResponse> {
  const invocation = startInvocation(context, lambdaContext);
  const recordHandler = async (record: SQSRecord): Promise<void> => {
    const progress: MessageProgress = {};
    try {
      await invocation.race(processMessage(invocation.context, record, progress));
    } catch (error) {
      if (error instanceof DeadlineExceededError && !progress.failedLogged) {
        context.logger.error(
          'message still running at the deadline: reported failed, SQS will redeliver it',
          {
            messageId: record.messageId,
            ...(progress.current ? { bucket: progress.current.bucket, key: progress.current.key } : {}),
          },
        );
      }
      throw error;
    }
  };
  try {
    // Every message failed is still a partial response (all listed), not a thrown batch.
    return await processPartialResponse(event, recordHandler, batchProcessor, {
      context: lambdaContext,
      throwOnFullBatchFailure: false,
    });
  } finally {
    invocation.end();
  }
}
