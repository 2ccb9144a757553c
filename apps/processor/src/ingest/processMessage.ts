import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { SQSRecord } from 'aws-lambda';
import { METRIC } from '../constants.js';
import { classifyFailure, InvalidNotificationError } from '../errors.js';
import { bucketMentionedIn, parseS3Notification } from '../notification/parseS3Notification.js';
import type { IngestDependencies, IngestLogger, IngestReport } from '../types.js';
import { processObject } from './processObject.js';
import { quarantineMessage } from './quarantine.js';

/** The parts of an SQS record the processor reads. */
export type QueueMessage = Pick<SQSRecord, 'messageId' | 'body'>;

/** What happened to one SQS message. */
export type MessageOutcome =
  | { kind: 'test-event' }
  | { kind: 'invalid'; quarantineKey?: string }
  | { kind: 'files'; reports: IngestReport[]; ignored: number };

async function quarantineInvalid(
  deps: IngestDependencies,
  message: QueueMessage,
  failure: InvalidNotificationError,
  logger: IngestLogger,
): Promise<MessageOutcome> {
  deps.metrics.addMetric(METRIC.filesQuarantined, MetricUnit.Count, 1);
  const bucket = bucketMentionedIn(message.body);
  if (!bucket) {
    // No bucket to keep it in: the log line is the record (it holds the whole body).
    logger.error('message is not an S3 notification: acknowledged, body logged here', {
      error: failure,
      body: message.body,
    });
    return { kind: 'invalid' };
  }
  const quarantineKey = await quarantineMessage(
    deps.s3,
    deps.config.quarantinePrefix,
    bucket,
    message,
    failure.reason,
    failure.message,
    (deps.now ?? Date.now)(),
  );
  logger.error('message is not a valid S3 notification: quarantined and acknowledged', {
    error: failure,
    quarantineKey,
  });
  return { kind: 'invalid', quarantineKey };
}

/**
 * Handles one SQS message: an S3 notification with one or more object records (each
 * ingested in turn by {@link processObject}, with `bucket` and `key` added to the log
 * context), or the `s3:TestEvent` (acknowledged). A body that is not a notification is
 * permanent: quarantined when it names a bucket, logged whole otherwise, and acknowledged.
 * Throws (a `TransientIngestError`) to fail the message so that SQS retries it.
 *
 * @example
 * const recordHandler = (record: SQSRecord) => processMessage(deps, record, logger);
 */
export async function processMessage(
  deps: IngestDependencies,
  message: QueueMessage,
  logger: IngestLogger,
): Promise<MessageOutcome> {
  const log = logger.createChild({ persistentKeys: { messageId: message.messageId } });
  try {
    let notification: ReturnType<typeof parseS3Notification>;
    try {
      notification = parseS3Notification(message.body);
    } catch (error) {
      if (error instanceof InvalidNotificationError)
        return await quarantineInvalid(deps, message, error, log);
      throw error;
    }
    if (notification.kind === 'test') {
      log.info('s3:TestEvent acknowledged', { bucket: notification.bucket });
      return { kind: 'test-event' };
    }
    if (notification.ignored > 0) log.info('non-creation records ignored', { ignored: notification.ignored });
    const reports: IngestReport[] = [];
    for (const ref of notification.objects) {
      const objectLog = log.createChild({ persistentKeys: { bucket: ref.bucket, key: ref.key } });
      reports.push(await processObject(deps, ref, objectLog));
    }
    return { kind: 'files', reports, ignored: notification.ignored };
  } catch (error) {
    const failure = classifyFailure(error);
    log.error('message failed: SQS will redeliver it (DLQ after the last receive)', { error: failure });
    throw failure;
  }
}
