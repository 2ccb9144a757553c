import { PutObjectCommand } from '@aws-sdk/client-s3';
import { SubscribeCommand } from '@aws-sdk/client-sns';
import {
  CreateQueueCommand,
  DeleteMessageBatchCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SetQueueAttributesCommand,
} from '@aws-sdk/client-sqs';
import { type AlertSettings, formatCanonical } from '@energy/core';
import { type LocalStack, startLocalStack } from '@energy/local-stack';
import type { SQSEvent } from 'aws-lambda';
// The real processor, in-process, as its own integration tests run it (one definition of its
// context on a stack).
import { processBatch } from '../../../processor/src/ingest/processBatch.js';
import { lambdaContext, s3NotificationBody, sqsRecord } from '../../../processor/tests/helpers/factories.js';
import { stackContext } from '../../../processor/tests/helpers/stackContext.js';
import { AlerterStore } from '../../src/AlerterStore.js';
import { ReadingSamples } from '../../src/ReadingSamples.js';
import { type AlerterDependencies, type AlerterReport, runAlerter } from '../../src/runAlerter.js';

/** Start of the test data: ticks are 5 minutes apart from here. */
export const T0 = Date.parse('2025-03-10T10:00:00.000Z');
/** The generator's tick. */
export const TICK_MS = 300_000;

/** Test settings: the defaults with a 15-minute quiet period, so episodes resolve within a short test. */
export const TEST_SETTINGS: AlertSettings = {
  intervalSeconds: 300,
  silentAfterIntervals: 3,
  quietSeconds: 900,
  settleSeconds: 300,
  renotifySeconds: 0,
  digestSeconds: 3_600,
};

/** A message as the e-mail-filtered queue receives it. */
export type Received = {
  subject: string;
  body: Record<string, unknown>;
  attributes: Record<string, string>;
};

/** One alerter world: a stack (its own tables and topic) and a queue subscribed like an e-mail. */
export type World = {
  stack: LocalStack;
  queueUrl: string;
  /** Puts a file of readings and runs the real processor on its notification(s). */
  ingest: (files: readonly { key: string; readings: readonly Record<string, unknown>[] }[]) => Promise<void>;
  /** Runs the processor again on a file's notification (an SQS redelivery). */
  redeliver: (key: string) => Promise<void>;
  /** Runs the alerter at `nowMs`. */
  alert: (nowMs: number, overrides?: Partial<AlerterDependencies>) => Promise<AlerterReport>;
  /** Messages received since the last call. */
  received: () => Promise<Received[]>;
  /** Lines the alerter logged. */
  logged: { level: string; message: string; extra: unknown }[];
};

/** One reading of `site` at tick `tick`, faulty values where asked. */
export function reading(site: string, tick: number, faults: { gen?: boolean; con?: boolean } = {}) {
  return {
    site_id: site,
    timestamp: formatCanonical(T0 + tick * TICK_MS),
    energy_generated_kwh: faults.gen ? -1 : 3.25,
    energy_consumed_kwh: faults.con ? -1 : 1.5,
  };
}

/**
 * A fresh world on a shared emulator (`endpoint`, or a private one when undefined): its own
 * prefix, so the alerter's state and the topic's messages are its own.
 */
export async function startWorld(prefix: string, endpoint?: string): Promise<World> {
  const stack = await startLocalStack({ endpoint: endpoint ?? null, prefix });
  const { sqs, sns, s3 } = stack.clients;
  const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: `${prefix}-mail` }));
  const queueUrl = QueueUrl as string;
  const { Attributes } = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['QueueArn'] }),
  );
  const queueArn = Attributes?.QueueArn as string;
  await sqs.send(
    new SetQueueAttributesCommand({
      QueueUrl: queueUrl,
      Attributes: {
        Policy: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Principal: { Service: 'sns.amazonaws.com' },
              Action: 'sqs:SendMessage',
              Resource: queueArn,
            },
          ],
        }),
      },
    }),
  );
  // The e-mail subscriptions' default filter: state changes and digests, not the per-reading feed.
  await sns.send(
    new SubscribeCommand({
      TopicArn: stack.topicArn,
      Protocol: 'sqs',
      Endpoint: queueArn,
      Attributes: { FilterPolicy: JSON.stringify({ kind: ['alert', 'digest', 'storm'] }) },
    }),
  );
  const bodies = new Map<string, string>();
  const logged: World['logged'] = [];
  const log = (level: string) => (message: string, extra?: unknown) => {
    logged.push({ level, message, extra });
  };
  const logger = {
    info: log('info'),
    warn: log('warn'),
    error: log('error'),
  } as AlerterDependencies['logger'];
  const processor = stackContext(stack);
  const run = async (keys: readonly string[]) => {
    const event: SQSEvent = {
      Records: keys.map((key, i) => sqsRecord(bodies.get(key) as string, `m-${key}-${i}-${Math.random()}`)),
    };
    const response = await processBatch(processor, event, lambdaContext());
    if (response.batchItemFailures.length > 0)
      throw new Error(`processor failed: ${JSON.stringify(response)}`);
  };
  return {
    stack,
    queueUrl,
    logged,
    ingest: async (files) => {
      for (const file of files) {
        await s3.send(
          new PutObjectCommand({
            Bucket: stack.names.bucket,
            Key: file.key,
            Body: JSON.stringify(file.readings),
          }),
        );
        bodies.set(file.key, s3NotificationBody([{ bucket: stack.names.bucket, key: file.key }]));
      }
      // One batch: the processor handles its records concurrently.
      await run(files.map((file) => file.key));
    },
    redeliver: (key) => run([key]),
    alert: (nowMs, overrides = {}) =>
      runAlerter({
        store: new AlerterStore(stack.clients.documentClient, stack.names.summaryTable),
        samples: new ReadingSamples(stack.clients.documentClient, stack.names.readingsTable),
        sns,
        topicArn: stack.topicArn,
        settings: TEST_SETTINGS,
        logger,
        now: () => nowMs,
        ...overrides,
      }),
    received: async () => {
      const out: Received[] = [];
      for (let empty = 0; empty < 2; ) {
        const { Messages } = await sqs.send(
          new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }),
        );
        if (!Messages?.length) {
          empty++;
          continue;
        }
        for (const message of Messages) {
          const envelope = JSON.parse(message.Body ?? '{}') as {
            Subject: string;
            Message: string;
            MessageAttributes?: Record<string, { Value: string }>;
          };
          out.push({
            subject: envelope.Subject,
            body: JSON.parse(envelope.Message) as Record<string, unknown>,
            attributes: Object.fromEntries(
              Object.entries(envelope.MessageAttributes ?? {}).map(([name, value]) => [name, value.Value]),
            ),
          });
        }
        await sqs.send(
          new DeleteMessageBatchCommand({
            QueueUrl: queueUrl,
            Entries: Messages.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle as string })),
          }),
        );
      }
      return out;
    },
  };
}

/** What a state-change message says, comparably: `<site> <rule> <event> <alert_id> count=<n>`. */
export function describe(message: Received): string {
  const b = message.body;
  return `${b.site_id} ${b.rule} ${b.event} ${b.alert_id} count=${b.count} first=${b.first_seen} last=${b.last_seen}`;
}
