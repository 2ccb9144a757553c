import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { SQSRecord } from 'aws-lambda';
import { METRIC } from '../constants.js';
import { classifyFailure, DeadlineExceededError, InvalidNotificationError } from '../errors.js';
import { bucketMentionedIn, parseS3Notification } from '../notification/parseS3Notification.js';
import type { IngestReport, ObjectRef } from '../types.js';
import { sendContinuation } from './continuation.js';
import type { IngestContext } from './invocation.js';
import { processObject } from './processObject.js';
import { quarantineMessage } from './quarantine.js';

/** The parts of an SQS record the processor reads. */
export type QueueMessage = Pick<SQSRecord, 'messageId' | 'body'>;

/** What happened to one SQS message. */
export type MessageOutcome =
  | { kind: 'test-event' }
  | { kind: 'invalid'; quarantineKey?: string }
  | {
      kind: 'files';
      /** One report per object this invocation worked on. */
      reports: IngestReport[];
      /** Records that were not object creations. */
      ignored: number;
      /** Id of the continuation message that carries on the unfinished objects, when one was sent. */
      continuationId?: string;
    };

/** The object a message is working on, read by the batch's log line when the deadline fails it. */
export type MessageProgress = {
  /** The object being ingested. */
  current?: ObjectRef;
  /** True once processMessage has logged its own failure line. */
  failedLogged?: boolean;
};

async function quarantineInvalid(
  context: IngestContext,
  message: QueueMessage,
  failure: InvalidNotificationError,
): Promise<MessageOutcome> {
  const { logger } = context;
  context.metrics.addMetric(METRIC.filesQuarantined, MetricUnit.Count, 1);
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
    context.s3,
    context.config.quarantinePrefix,
    bucket,
    message,
    failure.reason,
    failure.message,
    context.clock.now(),
  );
  logger.error('message is not a valid S3 notification: quarantined and acknowledged', {
    error: failure,
    bucket,
    quarantineKey,
  });
  return { kind: 'invalid', quarantineKey };
}

/**
 * Handles one SQS message: an S3 notification (or the processor's own continuation) with one
 * or more objects, each ingested in turn by {@link processObject} with `bucket` and `key` in
 * every log line; or the `s3:TestEvent` (acknowledged). When the invocation's deadline stops
 * a file, the rest of the message's work (that file from its next segment, then the objects
 * not started) goes to a continuation message and this one is acknowledged. A body that is not
 * a notification is permanent: quarantined when it names a bucket, logged whole otherwise.
 * Throws (a `TransientIngestError`) to fail the message so that SQS retries it.
 *
 * @example
 * const recordHandler = (record: SQSRecord) => processMessage(context, record);
 */
export async function processMessage(
  context: IngestContext,
  message: QueueMessage,
  progress: MessageProgress = {},
): Promise<MessageOutcome> {
  const log = context.logger.createChild({ persistentKeys: { messageId: message.messageId } });
  const messageContext = { ...context, logger: log };
  try {
    let notification: ReturnType<typeof parseS3Notification>;
    try {
      notification = parseS3Notification(message.body);
    } catch (error) {
      if (error instanceof InvalidNotificationError)
        return await quarantineInvalid(messageContext, message, error);
      throw error;
    }
    if (notification.kind === 'test') {
      log.info('s3:TestEvent acknowledged', { bucket: notification.bucket });
      return { kind: 'test-event' };
    }
    if (notification.ignored > 0) log.info('non-creation records ignored', { ignored: notification.ignored });
    const reports: IngestReport[] = [];
    const { objects } = notification;
    for (let index = 0; index < objects.length; index++) {
      const ref = objects[index] as ObjectRef;
      progress.current = ref;
      const objectContext = {
        ...messageContext,
        logger: log.createChild({ persistentKeys: { bucket: ref.bucket, key: ref.key } }),
      };
      if (reports.length > 0 && context.deadline.shouldStop()) {
        return await handOver(objectContext, reports, notification.ignored, objects.slice(index));
      }
      const report = await processObject(objectContext, ref);
      reports.push(report);
      if (report.outcome === 'continued') {
        const rest = [
          { ...ref, ...versionOf(report), fromSegment: report.nextSegment ?? 0 },
          ...objects.slice(index + 1),
        ];
        return await handOver(objectContext, reports, notification.ignored, rest);
      }
    }
    return { kind: 'files', reports, ignored: notification.ignored };
  } catch (error) {
    const failure = classifyFailure(error);
    const { current } = progress;
    log.error('message failed: SQS will redeliver it (DLQ after the last receive)', {
      error: failure,
      ...(current ? { bucket: current.bucket, key: current.key } : {}),
    });
    progress.failedLogged = true;
    throw failure;
  }
}

/** The version a report read, to pin the continuation to it. */
function versionOf(report: IngestReport): Pick<ObjectRef, 'versionId' | 'eTag'> {
  return {
    ...(report.versionId ? { versionId: report.versionId } : {}),
    ...(report.eTag ? { eTag: report.eTag } : {}),
  };
}

async function handOver(
  context: IngestContext,
  reports: IngestReport[],
  ignored: number,
  rest: ObjectRef[],
): Promise<MessageOutcome> {
  if (context.signal.aborted)
    throw new DeadlineExceededError('the invocation ended before the continuation was sent');
  const continuationId = await sendContinuation(context, rest);
  const [next] = rest;
  context.logger.info('continuation sent: this message is acknowledged, the new one carries on', {
    continuationId,
    bucket: next?.bucket,
    key: next?.key,
    fromSegment: next?.fromSegment ?? 0,
    objects: rest.length,
  });
  return { kind: 'files', reports, ignored, continuationId };
}
