import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { DeadlineExceededError } from '../errors.js';
import type { ObjectRef } from '../types.js';
import type { IngestContext } from './invocation.js';

/** `type` of a continuation message body, told apart from S3 notifications by it. */
export const CONTINUATION_TYPE = 'energy:IngestContinuation';

/** Body of a continuation message: the objects still to ingest, the first from `fromSegment`. */
type ContinuationBody = {
  /** {@link CONTINUATION_TYPE}. */
  type: typeof CONTINUATION_TYPE;
  /** Objects, in the order of the message they came from; each names its version. */
  objects: ObjectRef[];
};

/** The JSON body of a continuation for `objects`. */
export function continuationBody(objects: readonly ObjectRef[]): string {
  const body: ContinuationBody = {
    type: CONTINUATION_TYPE,
    objects: objects.map((ref) => ({
      bucket: ref.bucket,
      key: ref.key,
      ...(ref.versionId ? { versionId: ref.versionId } : {}),
      ...(ref.eTag ? { eTag: ref.eTag } : {}),
      ...(ref.sequencer ? { sequencer: ref.sequencer } : {}),
      ...(ref.fromSegment ? { fromSegment: ref.fromSegment } : {}),
    })),
  };
  return JSON.stringify(body);
}

/**
 * Hands the rest of a message's work to a new message on the ingest queue ("object X, version V,
 * from segment k"), so that it starts with fresh receives: a file too large for one invocation
 * goes on until it is done, each invocation completing segments. Returns the new message id.
 *
 * @example
 * await sendContinuation(context, [{ ...ref, fromSegment: 7 }]);
 * @throws {@link DeadlineExceededError} when `INGEST_QUEUE_URL` is unset (the message then
 * fails and continues by redelivery instead), or once the invocation has ended.
 */
export async function sendContinuation(
  context: IngestContext,
  objects: readonly ObjectRef[],
): Promise<string> {
  const queueUrl = context.config.ingestQueueUrl;
  if (!queueUrl) {
    throw new DeadlineExceededError('INGEST_QUEUE_URL is unset: the unfinished file continues by redelivery');
  }
  if (context.signal.aborted)
    throw new DeadlineExceededError('the invocation ended before the continuation was sent');
  const sent = await context.sqs.send(
    new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: continuationBody(objects) }),
  );
  return sent.MessageId ?? '';
}
