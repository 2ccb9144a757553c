import { EventEmitter } from 'node:events';
import {
  DeleteMessageBatchCommand,
  type Message,
  type MessageAttributeValue,
  ReceiveMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import { LambdaTimeoutError } from '../errors.js';
import type { LocalLambda } from './LocalLambda.js';

/** Settings of an SQS event source mapping. */
export type SqsEventSourceOptions = {
  /** Client for the queue's endpoint. */
  sqs: SQSClient;
  /** Queue URL. */
  queueUrl: string;
  /** Queue ARN (the records' `eventSourceARN`). */
  queueArn: string;
  /** Region (the records' `awsRegion`). */
  region: string;
  /** Function to invoke. */
  target: Pick<LocalLambda, 'invoke' | 'name'>;
  /** Most records per invocation (1-10,000). */
  batchSize: number;
  /** Seconds to keep gathering records once the first arrived (0-300). */
  maximumBatchingWindowSeconds: number;
  /** Invocations that may run at once (2-1000); also the number of pollers. */
  maximumConcurrency: number;
  /** Honour `batchItemFailures` in the response (`FunctionResponseTypes: ['ReportBatchItemFailures']`). Default true. */
  reportBatchItemFailures?: boolean;
  /** Long-poll wait per receive, seconds (0-20). Default 20. */
  waitTimeSeconds?: number;
};

/** What happened to one batch. */
export type BatchOutcome = {
  /** Function name. */
  functionName: string;
  /** Messages in the batch. */
  size: number;
  /** Messages deleted (succeeded). */
  deleted: number;
  /** Messages left on the queue to reappear after the visibility timeout. */
  failed: number;
  /** Ids of the failed messages. */
  failedMessageIds: string[];
  /** The records the function was given. */
  records: SqsRecord[];
  /** The invocation's error, when it threw, timed out, or returned an invalid response. */
  error?: Error;
  /** True when the invocation ran out of time. */
  timedOut: boolean;
  /** Messages of the batch received before (`ApproximateReceiveCount` > 1): retries. */
  retried: number;
  /** Invocation time, ms. */
  durationMs: number;
};

/** Counters of an event source. */
export type SqsEventSourceStats = {
  /** Invocations made. */
  batches: number;
  /** Messages received (redeliveries counted again). */
  received: number;
  /** Messages deleted after success. */
  deleted: number;
  /** Messages reported failed or in a failed batch. */
  failed: number;
  /** Invocations that threw or timed out. */
  invocationErrors: number;
  /** Invocations that timed out. */
  timeouts: number;
  /** Messages received again after an earlier receive (a failure or a timeout left them). */
  retried: number;
};

/** SQS `Message` as Lambda hands it to the function. */
export type SqsRecord = {
  messageId: string;
  receiptHandle: string;
  body: string;
  attributes: Record<string, string>;
  messageAttributes: Record<
    string,
    {
      stringValue?: string;
      binaryValue?: string;
      stringListValues: string[];
      binaryListValues: string[];
      dataType: string;
    }
  >;
  md5OfBody: string;
  md5OfMessageAttributes?: string;
  eventSource: 'aws:sqs';
  eventSourceARN: string;
  awsRegion: string;
};

const SQS_RECEIVE_MAX = 10;
/** Lambda's synchronous payload limit; a batch stops growing before it. */
const PAYLOAD_LIMIT_BYTES = 6 * 1024 * 1024;

function toRecord(message: Message, queueArn: string, region: string): SqsRecord {
  const messageAttributes: SqsRecord['messageAttributes'] = {};
  for (const [name, value] of Object.entries(message.MessageAttributes ?? {}) as [
    string,
    MessageAttributeValue,
  ][]) {
    messageAttributes[name] = {
      ...(value.StringValue === undefined ? {} : { stringValue: value.StringValue }),
      ...(value.BinaryValue === undefined
        ? {}
        : { binaryValue: Buffer.from(value.BinaryValue).toString('base64') }),
      stringListValues: value.StringListValues ?? [],
      binaryListValues: (value.BinaryListValues ?? []).map((item) => Buffer.from(item).toString('base64')),
      dataType: value.DataType ?? 'String',
    };
  }
  return {
    messageId: message.MessageId ?? '',
    receiptHandle: message.ReceiptHandle ?? '',
    body: message.Body ?? '',
    attributes: { ...(message.Attributes ?? {}) },
    messageAttributes,
    md5OfBody: message.MD5OfBody ?? '',
    ...(message.MD5OfMessageAttributes ? { md5OfMessageAttributes: message.MD5OfMessageAttributes } : {}),
    eventSource: 'aws:sqs',
    eventSourceARN: queueArn,
    awsRegion: region,
  };
}

/**
 * Which messages failed, per Lambda's rules for `ReportBatchItemFailures`: an empty or absent
 * `batchItemFailures` means all succeeded; an item without a valid `itemIdentifier` of this
 * batch, or a response that is not an object, fails the whole batch.
 */
export function failedMessageIds(
  response: unknown,
  messageIds: string[],
  reportBatchItemFailures: boolean,
): { failed: string[]; invalid?: string } {
  if (!reportBatchItemFailures || response === null || response === undefined) return { failed: [] };
  if (typeof response !== 'object' || Array.isArray(response)) return { failed: [] };
  const failures = (response as { batchItemFailures?: unknown }).batchItemFailures;
  if (failures === undefined || failures === null) return { failed: [] };
  if (!Array.isArray(failures)) {
    return { failed: messageIds, invalid: 'batchItemFailures is not an array' };
  }
  const known = new Set(messageIds);
  const failed = new Set<string>();
  for (const failure of failures) {
    const id = (failure as { itemIdentifier?: unknown } | null)?.itemIdentifier;
    if (typeof id !== 'string' || !known.has(id)) {
      return { failed: messageIds, invalid: `invalid itemIdentifier ${JSON.stringify(id)}` };
    }
    failed.add(id);
  }
  return { failed: messageIds.filter((id) => failed.has(id)) };
}

/**
 * An SQS event source mapping with Lambda's semantics, for an emulator that has none:
 * `maximumConcurrency` pollers long-poll the queue, gather up to `batchSize` records within
 * the batching window, invoke the function, and delete only what succeeded. A batch whose
 * invocation throws or times out is left whole on the queue; with `ReportBatchItemFailures`
 * the listed messages are left. Left messages reappear after the visibility timeout, and the
 * queue's redrive policy moves them to the DLQ after `maxReceiveCount` receives.
 *
 * Emits `batch` with a {@link BatchOutcome} after each invocation and `error` with a polling error.
 *
 * @example
 * const source = new SqsEventSource({ sqs, queueUrl, queueArn, region, target: processor, batchSize: 10,
 *   maximumBatchingWindowSeconds: 5, maximumConcurrency: 5 });
 * source.start();
 * await source.stop();
 */
export class SqsEventSource extends EventEmitter<{ batch: [BatchOutcome]; error: [Error] }> {
  /** Counters. */
  public readonly stats: SqsEventSourceStats = {
    batches: 0,
    received: 0,
    deleted: 0,
    failed: 0,
    invocationErrors: 0,
    timeouts: 0,
    retried: 0,
  };

  private readonly options: SqsEventSourceOptions;
  private abort = new AbortController();
  private pollers: Promise<void>[] = [];

  public constructor(options: SqsEventSourceOptions) {
    super();
    this.options = options;
  }

  /** Starts the pollers. */
  public start(): this {
    if (this.pollers.length > 0) return this;
    this.abort = new AbortController();
    this.pollers = Array.from({ length: this.options.maximumConcurrency }, () =>
      this.poll(this.abort.signal),
    );
    return this;
  }

  /**
   * Stops polling and waits for running invocations to finish. Messages received but not yet
   * invoked stay invisible until their visibility timeout passes, as when a poller dies on AWS.
   */
  public async stop(): Promise<void> {
    this.abort.abort();
    await Promise.allSettled(this.pollers);
    this.pollers = [];
  }

  private report(error: Error): void {
    if (this.listenerCount('error') > 0) this.emit('error', error);
    else console.error(`[${this.options.target.name} event source] ${error.message}`);
  }

  private async receive(maxMessages: number, waitSeconds: number, signal: AbortSignal): Promise<Message[]> {
    const page = await this.options.sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: this.options.queueUrl,
        MaxNumberOfMessages: Math.min(SQS_RECEIVE_MAX, maxMessages),
        WaitTimeSeconds: waitSeconds,
        MessageSystemAttributeNames: ['All'],
        MessageAttributeNames: ['All'],
      }),
      { abortSignal: signal },
    );
    return page.Messages ?? [];
  }

  /** Gathers one batch: waits for a first message, then fills up until full or the window closes. */
  private async gather(signal: AbortSignal): Promise<Message[]> {
    const { batchSize, maximumBatchingWindowSeconds } = this.options;
    const wait = this.options.waitTimeSeconds ?? 20;
    const batch: Message[] = [];
    let bytes = 0;
    while (batch.length === 0 && !signal.aborted) {
      batch.push(...(await this.receive(batchSize, wait, signal)));
    }
    for (const message of batch) bytes += Buffer.byteLength(message.Body ?? '');
    const windowEnds = Date.now() + maximumBatchingWindowSeconds * 1_000;
    while (batch.length < batchSize && bytes < PAYLOAD_LIMIT_BYTES / 2 && !signal.aborted) {
      const remainingMs = windowEnds - Date.now();
      if (remainingMs <= 0) break;
      const more = await this.receive(
        batchSize - batch.length,
        Math.min(wait, Math.floor(remainingMs / 1_000)),
        signal,
      );
      for (const message of more) bytes += Buffer.byteLength(message.Body ?? '');
      batch.push(...more);
      // A short receive returns at once when the queue is empty: pace the window instead of spinning.
      if (more.length === 0 && remainingMs < 1_000) {
        await new Promise((resolve) => setTimeout(resolve, Math.min(remainingMs, 200)));
      }
    }
    return batch;
  }

  private async poll(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      let batch: Message[];
      try {
        batch = await this.gather(signal);
      } catch (error) {
        if (signal.aborted) return;
        this.report(error as Error);
        await new Promise((resolve) => setTimeout(resolve, 1_000));
        continue;
      }
      if (batch.length === 0) continue;
      // Once received, a batch is invoked even if stop() was called meanwhile, so that no
      // message waits out its visibility timeout for nothing.
      await this.invoke(batch);
    }
  }

  private async invoke(batch: Message[]): Promise<void> {
    const { target, queueArn, region } = this.options;
    const records = batch.map((message) => toRecord(message, queueArn, region));
    const ids = records.map((record) => record.messageId);
    this.stats.batches++;
    this.stats.received += batch.length;
    const retried = records.filter(
      (record) => Number(record.attributes.ApproximateReceiveCount ?? 1) > 1,
    ).length;
    this.stats.retried += retried;
    let timedOut = false;
    const started = performance.now();
    let failed: string[];
    let error: Error | undefined;
    try {
      const response = await target.invoke({ Records: records });
      const outcome = failedMessageIds(response, ids, this.options.reportBatchItemFailures ?? true);
      failed = outcome.failed;
      if (outcome.invalid) error = new Error(`${target.name}: ${outcome.invalid}; the whole batch failed`);
    } catch (thrown) {
      this.stats.invocationErrors++;
      timedOut = thrown instanceof LambdaTimeoutError;
      if (timedOut) this.stats.timeouts++;
      failed = ids;
      error = thrown as Error;
    }
    const durationMs = performance.now() - started;
    const failedSet = new Set(failed);
    const succeeded = records.filter((record) => !failedSet.has(record.messageId));
    let deleted = 0;
    for (let i = 0; i < succeeded.length; i += SQS_RECEIVE_MAX) {
      const chunk = succeeded.slice(i, i + SQS_RECEIVE_MAX);
      try {
        const result = await this.options.sqs.send(
          new DeleteMessageBatchCommand({
            QueueUrl: this.options.queueUrl,
            Entries: chunk.map((record, index) => ({
              Id: String(index),
              ReceiptHandle: record.receiptHandle,
            })),
          }),
        );
        deleted += result.Successful?.length ?? 0;
      } catch (deleteError) {
        this.report(deleteError as Error);
      }
    }
    this.stats.deleted += deleted;
    this.stats.failed += failed.length;
    this.emit('batch', {
      functionName: target.name,
      size: batch.length,
      deleted,
      failed: failed.length,
      failedMessageIds: failed,
      records,
      ...(error ? { error } : {}),
      timedOut,
      retried,
      durationMs,
    });
  }
}
