import {
  DeleteMessageBatchCommand,
  GetQueueAttributesCommand,
  ListMessageMoveTasksCommand,
  type Message,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  type SQSClient,
  StartMessageMoveTaskCommand,
} from '@aws-sdk/client-sqs';

/** What to move, and the bounds of one run. */
export type RedriveOptions = {
  /** SQS client. */
  sqs: SQSClient;
  /** URL of the dead-letter queue (the source of the move). */
  deadLetterQueueUrl: string;
  /** URL of the queue the messages go back to. */
  queueUrl: string;
  /** Most messages one run moves. Default 10,000. */
  maxMessages?: number;
  /** Give up waiting after this long, ms (a move task keeps running on AWS). Default 300,000. */
  timeoutMs?: number;
  /** Pause between move-task status checks, ms. Default 2,000. */
  pollIntervalMs?: number;
  /** Waits `ms` (injectable for tests). */
  sleep?: (ms: number) => Promise<void>;
};

/** What a run did. */
export type RedriveResult = {
  /** `message-move-task`: SQS moved them (AWS); `receive-send-delete`: moved one by one (emulators). */
  method: 'message-move-task' | 'receive-send-delete';
  /** Messages moved back. */
  moved: number;
  /** Messages that could not be moved (still in the DLQ). */
  failed: number;
  /** Final status of the move task (`COMPLETED`, `RUNNING` when the wait timed out, ...). */
  status: string;
  /** Move task handle, to cancel or inspect it. */
  taskHandle?: string;
};

/** A redrive failed in a way the caller must see. */
export class RedriveError extends Error {
  public constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'RedriveError';
  }
}

type SdkError = Error & { $metadata?: { httpStatusCode?: number }; $response?: unknown };

// Error codes an endpoint answers with when it does not know an operation.
const UNSUPPORTED_CODES = new Set([
  'UnsupportedOperation',
  'AWS.SimpleQueueService.UnsupportedOperation',
  'InvalidAction',
  'UnknownOperationException',
  'NotImplemented',
]);

/**
 * True when the endpoint does not implement the operation: an "unknown/unsupported
 * operation" error code, HTTP 501, or a 5xx whose body is not an AWS error at all (moto
 * answers an unimplemented action with an HTML 500 page, which the SDK cannot deserialize).
 * Falling back is always safe: receive/send/delete moves the same messages, only slower.
 */
export function isUnsupportedOperation(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const sdkError = error as SdkError;
  if (UNSUPPORTED_CODES.has(sdkError.name)) return true;
  const status = sdkError.$metadata?.httpStatusCode;
  if (status === 501) return true;
  return status !== undefined && status >= 500 && error instanceof SyntaxError && '$response' in sdkError;
}

async function queueArn(sqs: SQSClient, queueUrl: string): Promise<string> {
  const output = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['QueueArn'] }),
  );
  const arn = output.Attributes?.QueueArn;
  if (!arn) throw new RedriveError(`queue ${queueUrl} has no QueueArn attribute`);
  return arn;
}

const TERMINAL_STATUSES = new Set(['COMPLETED', 'CANCELLED', 'FAILED']);

async function runMoveTask(
  options: Required<Omit<RedriveOptions, 'sqs' | 'deadLetterQueueUrl' | 'queueUrl'>> & RedriveOptions,
  sourceArn: string,
  destinationArn: string,
): Promise<RedriveResult> {
  const { sqs } = options;
  const started = await sqs.send(
    new StartMessageMoveTaskCommand({ SourceArn: sourceArn, DestinationArn: destinationArn }),
  );
  const taskHandle = started.TaskHandle;
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    const listing = await sqs.send(new ListMessageMoveTasksCommand({ SourceArn: sourceArn, MaxResults: 10 }));
    const task =
      (listing.Results ?? []).find((result) => result.TaskHandle === taskHandle) ?? listing.Results?.[0];
    const status = task?.Status ?? 'UNKNOWN';
    const moved = task?.ApproximateNumberOfMessagesMoved ?? 0;
    if (TERMINAL_STATUSES.has(status) || Date.now() >= deadline) {
      if (status === 'FAILED')
        throw new RedriveError(`message move task failed: ${task?.FailureReason ?? 'no reason given'}`);
      const toMove = task?.ApproximateNumberOfMessagesToMove ?? moved;
      return {
        method: 'message-move-task',
        moved,
        failed: status === 'COMPLETED' ? 0 : Math.max(0, toMove - moved),
        status,
        ...(taskHandle ? { taskHandle } : {}),
      };
    }
    await options.sleep(options.pollIntervalMs);
  }
}

async function moveOneByOne(
  options: Required<Omit<RedriveOptions, 'sqs' | 'deadLetterQueueUrl' | 'queueUrl'>> & RedriveOptions,
): Promise<RedriveResult> {
  const { sqs } = options;
  const deadline = Date.now() + options.timeoutMs;
  let moved = 0;
  let failed = 0;
  while (moved + failed < options.maxMessages && Date.now() < deadline) {
    const received = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: options.deadLetterQueueUrl,
        MaxNumberOfMessages: Math.min(10, options.maxMessages - moved - failed),
        // Long enough to send and delete; a message that fails to move reappears after it.
        VisibilityTimeout: 60,
        WaitTimeSeconds: 1,
        MessageAttributeNames: ['All'],
      }),
    );
    const messages: Message[] = received.Messages ?? [];
    if (messages.length === 0) break;
    const sent = await sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: options.queueUrl,
        Entries: messages.map((message, index) => ({
          Id: String(index),
          MessageBody: message.Body ?? '',
          ...(message.MessageAttributes && Object.keys(message.MessageAttributes).length > 0
            ? { MessageAttributes: message.MessageAttributes }
            : {}),
        })),
      }),
    );
    const sentIds = new Set((sent.Successful ?? []).map((entry) => entry.Id));
    const toDelete = messages.filter((_, index) => sentIds.has(String(index)));
    failed += messages.length - toDelete.length;
    if (toDelete.length === 0) continue;
    // Delete only what was sent: a crash between send and delete duplicates a message (the
    // processor is idempotent), it never loses one.
    const deleted = await sqs.send(
      new DeleteMessageBatchCommand({
        QueueUrl: options.deadLetterQueueUrl,
        Entries: toDelete.map((message, index) => ({
          Id: String(index),
          ReceiptHandle: message.ReceiptHandle ?? '',
        })),
      }),
    );
    moved += toDelete.length;
    if ((deleted.Failed ?? []).length > 0) {
      throw new RedriveError(
        `${deleted.Failed?.length} message(s) were copied back but not deleted from the DLQ; they will be processed twice (harmless: ingest is idempotent)`,
      );
    }
  }
  return { method: 'receive-send-delete', moved, failed, status: 'COMPLETED' };
}

/**
 * Moves dead-lettered messages back to their queue and reports how many moved. Uses SQS's
 * own `StartMessageMoveTask` (AWS), and falls back to receive / send / delete when the
 * endpoint does not implement it (moto), detected from the error it answers with. Bounded
 * by `maxMessages` and `timeoutMs`.
 *
 * @example
 * const result = await redriveDeadLetters({ sqs, deadLetterQueueUrl, queueUrl });
 * console.log(`moved ${result.moved} message(s)`);
 */
export async function redriveDeadLetters(options: RedriveOptions): Promise<RedriveResult> {
  const settings = {
    ...options,
    maxMessages: options.maxMessages ?? 10_000,
    timeoutMs: options.timeoutMs ?? 300_000,
    pollIntervalMs: options.pollIntervalMs ?? 2_000,
    sleep: options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))),
  };
  const [sourceArn, destinationArn] = await Promise.all([
    queueArn(options.sqs, options.deadLetterQueueUrl),
    queueArn(options.sqs, options.queueUrl),
  ]);
  try {
    return await runMoveTask(settings, sourceArn, destinationArn);
  } catch (error) {
    if (!isUnsupportedOperation(error)) throw error;
  }
  return moveOneByOne(settings);
}
