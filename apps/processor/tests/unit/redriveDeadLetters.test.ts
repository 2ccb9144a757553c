// aws-sdk-client-mock for the StartMessageMoveTask path because the emulator does not
// implement it (moto answers an HTML 500); the fallback runs against moto in
// tests/integration/redrive.test.ts.
import {
  GetQueueAttributesCommand,
  ListMessageMoveTasksCommand,
  SQSClient,
  SQSServiceException,
  StartMessageMoveTaskCommand,
} from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import {
  isUnsupportedOperation,
  RedriveError,
  redriveDeadLetters,
} from '../../src/redrive/redriveDeadLetters.js';

const sqs = new SQSClient({ region: 'us-east-1' });
const sqsMock = mockClient(sqs);
const DLQ = 'https://sqs.us-east-1.amazonaws.com/123456789012/energy-dev-ingest-dlq';
const QUEUE = 'https://sqs.us-east-1.amazonaws.com/123456789012/energy-dev-ingest';

function arns(): void {
  sqsMock
    .on(GetQueueAttributesCommand, { QueueUrl: DLQ })
    .resolves({ Attributes: { QueueArn: 'arn:aws:sqs:us-east-1:123456789012:energy-dev-ingest-dlq' } })
    .on(GetQueueAttributesCommand, { QueueUrl: QUEUE })
    .resolves({ Attributes: { QueueArn: 'arn:aws:sqs:us-east-1:123456789012:energy-dev-ingest' } });
}

afterEach(() => {
  sqsMock.reset();
});

describe('Function: redriveDeadLetters', () => {
  it('starts a message move task and waits for it to complete', async () => {
    // Prepare
    arns();
    sqsMock.on(StartMessageMoveTaskCommand).resolves({ TaskHandle: 'task-1' });
    sqsMock
      .on(ListMessageMoveTasksCommand)
      .resolvesOnce({
        Results: [{ TaskHandle: 'task-1', Status: 'RUNNING', ApproximateNumberOfMessagesMoved: 3 }],
      })
      .resolves({
        Results: [
          {
            TaskHandle: 'task-1',
            Status: 'COMPLETED',
            ApproximateNumberOfMessagesMoved: 7,
            ApproximateNumberOfMessagesToMove: 7,
          },
        ],
      });
    const waits: number[] = [];

    // Act
    const result = await redriveDeadLetters({
      sqs,
      deadLetterQueueUrl: DLQ,
      queueUrl: QUEUE,
      sleep: async (ms) => {
        waits.push(ms);
      },
    });

    // Assess
    expect(result).toStrictEqual({
      method: 'message-move-task',
      moved: 7,
      failed: 0,
      status: 'COMPLETED',
      taskHandle: 'task-1',
    });
    expect(sqsMock.commandCalls(StartMessageMoveTaskCommand)[0]?.args[0].input).toStrictEqual({
      SourceArn: 'arn:aws:sqs:us-east-1:123456789012:energy-dev-ingest-dlq',
      DestinationArn: 'arn:aws:sqs:us-east-1:123456789012:energy-dev-ingest',
    });
    expect(waits).toStrictEqual([2_000]);
  });

  it('reports a failed move task as an error with its reason', async () => {
    // Prepare
    arns();
    sqsMock.on(StartMessageMoveTaskCommand).resolves({ TaskHandle: 'task-2' });
    sqsMock
      .on(ListMessageMoveTasksCommand)
      .resolves({ Results: [{ TaskHandle: 'task-2', Status: 'FAILED', FailureReason: 'AccessDenied' }] });

    // Act & Assess
    const outcome = redriveDeadLetters({
      sqs,
      deadLetterQueueUrl: DLQ,
      queueUrl: QUEUE,
      sleep: async () => {},
    });
    await expect(outcome).rejects.toThrow(RedriveError);
    await expect(outcome).rejects.toThrow('message move task failed: AccessDenied');
  });

  it('does not fall back when the move task is refused for another reason (e.g. permissions)', async () => {
    // Prepare
    arns();
    sqsMock.on(StartMessageMoveTaskCommand).rejects(
      new SQSServiceException({
        name: 'AccessDenied',
        $fault: 'client',
        message: 'not allowed',
        $metadata: { httpStatusCode: 403 },
      }),
    );

    // Act & Assess
    await expect(redriveDeadLetters({ sqs, deadLetterQueueUrl: DLQ, queueUrl: QUEUE })).rejects.toThrow(
      'not allowed',
    );
  });
});

describe('Function: isUnsupportedOperation', () => {
  it.each([
    [Object.assign(new Error('x'), { name: 'UnsupportedOperation' }), true],
    [Object.assign(new Error('x'), { name: 'InvalidAction' }), true],
    [Object.assign(new Error('x'), { $metadata: { httpStatusCode: 501 } }), true],
    // moto: an HTML 500 page the SDK cannot deserialize
    [
      Object.assign(new SyntaxError('Unexpected token <'), {
        $metadata: { httpStatusCode: 500 },
        $response: {},
      }),
      true,
    ],
    [
      Object.assign(new Error('We encountered an internal error'), {
        name: 'InternalError',
        $metadata: { httpStatusCode: 500 },
      }),
      false,
    ],
    [Object.assign(new Error('x'), { name: 'AccessDenied', $metadata: { httpStatusCode: 403 } }), false],
    ['a string', false],
  ])('%s → %s', (error, expected) => {
    expect(isUnsupportedOperation(error)).toBe(expected);
  });
});
