import { CreateQueueCommand, GetQueueAttributesCommand, SendMessageBatchCommand } from '@aws-sdk/client-sqs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  type BatchOutcome,
  failedMessageIds,
  type LocalLambda,
  LocalLambda as LocalLambdaClass,
  type LocalStack,
  type SqsEventSource,
  type SqsRecord,
  startLocalStack,
} from '../src/index.js';
import {
  fixtureBundle,
  PARTIAL_BATCH_HANDLER,
  removeFixtures,
  THROWING_HANDLER,
} from './helpers/fixtures.js';
import { eventually, eventuallyReceive, startEventSource } from './helpers/sqs.js';

let stack: LocalStack;
let source: SqsEventSource | undefined;
const functions: LocalLambda[] = [];

beforeAll(async () => {
  stack = await startLocalStack({ endpoint: null });
});
afterEach(async () => {
  await source?.stop();
  source = undefined;
});
afterAll(async () => {
  await Promise.all(functions.map((fn) => fn.stop()));
  await stack?.stop();
  removeFixtures();
});

/** Hosts a fixture and wraps it so that the test sees every event the function got. */
async function fixtureTarget(source: string) {
  const fn = await LocalLambdaClass.create({
    name: 'energy-local-fixture',
    bundle: fixtureBundle(source),
    environment: stack.env(),
    timeoutSeconds: 5,
    memoryMb: 128,
    region: stack.region,
    accountId: stack.resources.accountId,
  });
  functions.push(fn);
  const events: { Records: SqsRecord[] }[] = [];
  return {
    events,
    target: {
      name: fn.name,
      invoke: async <T>(event: unknown) => {
        events.push(event as { Records: SqsRecord[] });
        return fn.invoke<T>(event);
      },
    },
  };
}

type TestQueue = { queueUrl: string; queueArn: string; deadLetterQueueUrl: string };
let queues = 0;

/** A new queue with a redrive policy like the ingest queue's, and a short visibility timeout. */
async function freshQueue(visibilityTimeoutSeconds: number): Promise<TestQueue> {
  const name = `${stack.names.queue}-test-${++queues}`;
  const arnOf = async (url: string) =>
    (
      await stack.clients.sqs.send(
        new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['QueueArn'] }),
      )
    ).Attributes?.QueueArn ?? '';
  const dlq = await stack.clients.sqs.send(new CreateQueueCommand({ QueueName: `${name}-dlq` }));
  const deadLetterQueueUrl = dlq.QueueUrl ?? '';
  const queue = await stack.clients.sqs.send(
    new CreateQueueCommand({
      QueueName: name,
      Attributes: {
        VisibilityTimeout: String(visibilityTimeoutSeconds),
        RedrivePolicy: JSON.stringify({
          deadLetterTargetArn: await arnOf(deadLetterQueueUrl),
          maxReceiveCount: stack.settings.queue.maxReceiveCount,
        }),
      },
    }),
  );
  const queueUrl = queue.QueueUrl ?? '';
  return { queueUrl, queueArn: await arnOf(queueUrl), deadLetterQueueUrl };
}

async function queueDepth(queueUrl: string): Promise<number> {
  const { Attributes } = await stack.clients.sqs.send(
    new GetQueueAttributesCommand({
      QueueUrl: queueUrl,
      AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
    }),
  );
  return (
    Number(Attributes?.ApproximateNumberOfMessages) +
    Number(Attributes?.ApproximateNumberOfMessagesNotVisible)
  );
}

async function send(queue: TestQueue, bodies: string[]): Promise<void> {
  await stack.clients.sqs.send(
    new SendMessageBatchCommand({
      QueueUrl: queue.queueUrl,
      Entries: bodies.map((body, index) => ({ Id: String(index), MessageBody: body })),
    }),
  );
}

const receivesOf = (events: { Records: SqsRecord[] }[], body: string) =>
  events.flatMap((event) =>
    event.Records.filter((record) => record.body === body).map(
      (record) => record.attributes.ApproximateReceiveCount,
    ),
  );

describe('Class: SqsEventSource', () => {
  it('deletes the messages that succeeded and redrives the reported failure to the DLQ after 3 receives', async () => {
    // Prepare
    const { events, target } = await fixtureTarget(PARTIAL_BATCH_HANDLER);
    const outcomes: BatchOutcome[] = [];
    const queue = await freshQueue(2);
    await send(queue, ['ok-1', 'please fail', 'ok-3']);

    // Act
    source = startEventSource(stack, queue, target);
    source.on('batch', (outcome) => outcomes.push(outcome));
    const [dead] = await eventuallyReceive(stack.clients.sqs, queue.deadLetterQueueUrl, 1, {
      pollMs: 500,
      timeoutMs: 20_000,
      what: 'the failing message in the DLQ',
    });
    await source.stop();

    // Assess
    expect(dead?.Body).toBe('please fail');
    expect(receivesOf(events, 'please fail')).toStrictEqual(['1', '2', '3']);
    expect(receivesOf(events, 'ok-1')).toStrictEqual(['1']);
    expect(receivesOf(events, 'ok-3')).toStrictEqual(['1']);
    expect(await queueDepth(queue.queueUrl)).toBe(0);
    // "please fail" was received 3 times: the 2nd and 3rd receives are retries.
    expect(source.stats).toMatchObject({
      deleted: 2,
      failed: 3,
      invocationErrors: 0,
      timeouts: 0,
      retried: 2,
    });
    expect(outcomes.reduce((sum, outcome) => sum + outcome.retried, 0)).toBe(2);
    expect(outcomes.every((outcome) => outcome.error === undefined)).toBe(true);
    const [record] = events[0]?.Records ?? [];
    expect(record).toMatchObject({
      eventSource: 'aws:sqs',
      eventSourceARN: queue.queueArn,
      awsRegion: 'us-east-1',
      attributes: { ApproximateReceiveCount: '1', SentTimestamp: expect.any(String) },
      messageAttributes: {},
    });
  });

  it('fails the whole batch when the handler throws: nothing is deleted', async () => {
    // Prepare
    const { events, target } = await fixtureTarget(THROWING_HANDLER);
    const outcomes: BatchOutcome[] = [];
    const queue = await freshQueue(2);
    await send(queue, ['a', 'b']);

    // Act
    source = startEventSource(stack, queue, target);
    source.on('batch', (outcome) => outcomes.push(outcome));
    const dead = await eventuallyReceive(stack.clients.sqs, queue.deadLetterQueueUrl, 2, {
      pollMs: 1_000,
      timeoutMs: 20_000,
      what: 'both messages in the DLQ',
    });
    await source.stop();

    // Assess
    expect(dead.map((message) => message.Body).sort()).toStrictEqual(['a', 'b']);
    expect(receivesOf(events, 'a')).toStrictEqual(['1', '2', '3']);
    expect(receivesOf(events, 'b')).toStrictEqual(['1', '2', '3']);
    expect(source.stats.deleted).toBe(0);
    expect(
      outcomes.every((outcome) => outcome.deleted === 0 && outcome.error?.name === 'LambdaInvocationError'),
    ).toBe(true);
  });

  it('gathers up to batchSize records within the batching window', async () => {
    // Prepare
    const { events, target } = await fixtureTarget(PARTIAL_BATCH_HANDLER);
    const queue = await freshQueue(30);
    await send(queue, ['1', '2', '3', '4', '5', '6', '7', '8', '9', '10']);
    await send(queue, ['11', '12', '13', '14', '15']);

    // Act
    source = startEventSource(stack, queue, target, {
      batchSize: 12,
      maximumBatchingWindowSeconds: 2,
      maximumConcurrency: 1,
    });
    await eventually(async () => ((await queueDepth(queue.queueUrl)) === 0 ? true : undefined), 10_000);
    await source.stop();

    // Assess
    expect(events.map((event) => event.Records.length)).toStrictEqual([12, 3]);
  });
});

describe('Class: SqsEventSource concurrency', () => {
  it('runs at most maximumConcurrency invocations at once', async () => {
    // Prepare
    const queue = await freshQueue(30);
    await send(queue, ['1', '2', '3', '4', '5', '6']);
    let running = 0;
    let peak = 0;
    let done = 0;
    const target = {
      name: 'energy-local-slow',
      invoke: async <T>(): Promise<T> => {
        running++;
        peak = Math.max(peak, running);
        await new Promise((resolve) => setTimeout(resolve, 300));
        running--;
        done++;
        return undefined as T;
      },
    };

    // Act
    source = startEventSource(stack, queue, target, { batchSize: 1 });
    await eventually(async () => (done >= 6 ? true : undefined), 15_000, 'six invocations');
    await source.stop();

    // Assess
    expect(peak).toBe(2);
    expect(await queueDepth(queue.queueUrl)).toBe(0);
  });
});

describe('Function: failedMessageIds', () => {
  const ids = ['m1', 'm2', 'm3'];

  it.each([
    ['undefined', undefined, []],
    ['null', null, []],
    ['an empty object', {}, []],
    ['an empty list', { batchItemFailures: [] }, []],
    ['one failure', { batchItemFailures: [{ itemIdentifier: 'm2' }] }, ['m2']],
  ])('reads %s', (_name, response, failed) => {
    expect(failedMessageIds(response, ids, true)).toStrictEqual({ failed });
  });

  it.each([
    ['an unknown id', { batchItemFailures: [{ itemIdentifier: 'other' }] }],
    ['an empty id', { batchItemFailures: [{ itemIdentifier: '' }] }],
    ['a missing id', { batchItemFailures: [{}] }],
    ['a non-list', { batchItemFailures: 'm1' }],
  ])('fails the whole batch on %s', (_name, response) => {
    expect(failedMessageIds(response, ids, true)).toMatchObject({ failed: ids, invalid: expect.any(String) });
  });

  it('ignores batchItemFailures without ReportBatchItemFailures', () => {
    expect(failedMessageIds({ batchItemFailures: [{ itemIdentifier: 'm1' }] }, ids, false)).toStrictEqual({
      failed: [],
    });
  });
});
