import { type Message, ReceiveMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { type LocalStack, SqsEventSource, type SqsEventSourceOptions } from '../../src/index.js';

/** Receives from `queueUrl` until `count` messages arrived or `timeoutMs` passed (without deleting them). */
export async function receiveAtLeast(
  sqs: SQSClient,
  queueUrl: string,
  count: number,
  timeoutMs = 10_000,
  options: { visibilityTimeout?: number; wait?: number } = {},
): Promise<Message[]> {
  const messages: Message[] = [];
  const deadline = Date.now() + timeoutMs;
  while (messages.length < count && Date.now() < deadline) {
    const page = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        MaxNumberOfMessages: 10,
        WaitTimeSeconds: options.wait ?? 1,
        MessageSystemAttributeNames: ['All'],
        MessageAttributeNames: ['All'],
        ...(options.visibilityTimeout === undefined ? {} : { VisibilityTimeout: options.visibilityTimeout }),
      }),
    );
    messages.push(...(page.Messages ?? []));
  }
  return messages;
}

/** Polls `check` until it returns a value other than undefined, or throws after `timeoutMs`. */
export async function eventually<T>(
  check: () => Promise<T | undefined>,
  timeoutMs = 10_000,
  what = 'condition',
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Polls `queueUrl` (`pollMs` per receive) until `count` messages arrived; throws after `timeoutMs`. */
export function eventuallyReceive(
  sqs: SQSClient,
  queueUrl: string,
  count: number,
  options: { pollMs: number; timeoutMs: number; what: string },
): Promise<Message[]> {
  return eventually(
    async () => {
      const messages = await receiveAtLeast(sqs, queueUrl, count, options.pollMs);
      return messages.length >= count ? messages : undefined;
    },
    options.timeoutMs,
    options.what,
  );
}

/**
 * Starts an event source feeding `queue` of `stack` to `target`: batches of 10, no batching
 * window, 2 invocations at once and 1 s long polls unless `overrides` says otherwise.
 */
export function startEventSource(
  stack: LocalStack,
  queue: { queueUrl: string; queueArn: string },
  target: SqsEventSourceOptions['target'],
  overrides: Partial<
    Pick<SqsEventSourceOptions, 'batchSize' | 'maximumBatchingWindowSeconds' | 'maximumConcurrency'>
  > = {},
): SqsEventSource {
  return new SqsEventSource({
    sqs: stack.clients.sqs,
    queueUrl: queue.queueUrl,
    queueArn: queue.queueArn,
    region: stack.region,
    target,
    batchSize: 10,
    maximumBatchingWindowSeconds: 0,
    maximumConcurrency: 2,
    waitTimeSeconds: 1,
    ...overrides,
  }).start();
}
