import { ScanCommand, type ScanCommandInput } from '@aws-sdk/client-dynamodb';
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import { READINGS_TABLE } from '@energy/core';
import type { LocalStack } from '../startLocalStack.js';

/** What the stack has done so far, for the progress line. */
export type Progress = {
  /** Files the processor finished (S3 records in acknowledged messages). */
  filesProcessed: number;
  /** Items in the readings table. */
  readingsStored: number;
  /** Objects under the quarantine prefix (rejected records and unreadable files). */
  rejected: number;
  /** Items in the sparse anomaly index. */
  anomalies: number;
  /** Alerts waiting in the alert inbox queue. */
  alerts: number;
  /** Messages in the dead-letter queue. */
  deadLetters: number;
  /** Processor invocations that ran out of time (the event source counts them). */
  timeouts: number;
  /** Messages received again after a failure or a timeout (the event source counts them). */
  retried: number;
};

async function count(stack: LocalStack, input: ScanCommandInput): Promise<number> {
  let total = 0;
  let start: ScanCommandInput['ExclusiveStartKey'];
  do {
    const page = await stack.clients.dynamodb.send(
      new ScanCommand({ ...input, Select: 'COUNT', ExclusiveStartKey: start }),
    );
    total += page.Count ?? 0;
    start = page.LastEvaluatedKey;
  } while (start);
  return total;
}

async function objectCount(stack: LocalStack, prefix: string): Promise<number> {
  let total = 0;
  let token: string | undefined;
  do {
    const page = await stack.clients.s3.send(
      new ListObjectsV2Command({ Bucket: stack.names.bucket, Prefix: prefix, ContinuationToken: token }),
    );
    total += page.KeyCount ?? 0;
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  return total;
}

/** Visible plus in-flight messages of one of the stack's queues. */
export async function queueDepth(stack: LocalStack, queueUrl: string): Promise<number> {
  const { waiting, inFlight } = await queueMessages(stack, queueUrl);
  return waiting + inFlight;
}

/** Messages on a queue: waiting to be received, and received but not yet deleted (in flight). */
export async function queueMessages(
  stack: LocalStack,
  queueUrl: string,
): Promise<{ waiting: number; inFlight: number }> {
  const { Attributes } = await stack.clients.sqs.send(
    new GetQueueAttributesCommand({
      QueueUrl: queueUrl,
      AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
    }),
  );
  return {
    waiting: Number(Attributes?.ApproximateNumberOfMessages ?? 0),
    inFlight: Number(Attributes?.ApproximateNumberOfMessagesNotVisible ?? 0),
  };
}

/** Reads the stored counts from the emulator (not those the event source counts). */
export async function readProgress(
  stack: LocalStack,
): Promise<Omit<Progress, 'filesProcessed' | 'timeouts' | 'retried'>> {
  const [readingsStored, anomalies, rejected, alerts, deadLetters] = await Promise.all([
    count(stack, { TableName: stack.names.readingsTable }),
    count(stack, { TableName: stack.names.readingsTable, IndexName: READINGS_TABLE.anomalyIndexName }),
    objectCount(stack, stack.settings.storage.quarantinePrefix),
    queueDepth(stack, stack.alertInboxUrl),
    queueDepth(stack, stack.deadLetterQueueUrl),
  ]);
  return { readingsStored, anomalies, rejected, alerts, deadLetters };
}

/** Counts the S3 object records in message bodies (an `s3:TestEvent` has none). */
export function s3RecordCount(bodies: string[]): number {
  let files = 0;
  for (const body of bodies) {
    try {
      const records = (JSON.parse(body) as { Records?: { eventSource?: string }[] }).Records ?? [];
      files += records.filter((record) => record.eventSource === 'aws:s3').length;
    } catch {
      // not an S3 notification
    }
  }
  return files;
}

/** One progress line. */
export function formatProgress(progress: Progress, elapsedSeconds: number): string {
  const clock = `${String(Math.floor(elapsedSeconds / 60)).padStart(2, '0')}:${String(Math.floor(elapsedSeconds % 60)).padStart(2, '0')}`;
  return (
    `[${clock}] files processed ${progress.filesProcessed} | readings stored ${progress.readingsStored} | ` +
    `rejected ${progress.rejected} | anomalies ${progress.anomalies} | alerts ${progress.alerts} | DLQ ${progress.deadLetters} | ` +
    `timeouts ${progress.timeouts} | retried ${progress.retried}`
  );
}
