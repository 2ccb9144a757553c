import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { ReceiveMessageCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { type LocalStack, startLocalStack } from '@energy/local-stack';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The redrive against moto, which lacks StartMessageMoveTask: the CLI (what `make redrive`
// runs) detects that from the error and moves the messages by receive/send/delete.
// No processor here, so that the moved messages can be read back from the ingest queue.

const run = promisify(execFile);
const APP_DIR = fileURLToPath(new URL('../..', import.meta.url));
let stack: LocalStack;

beforeAll(async () => {
  stack = await startLocalStack();
});

afterAll(async () => {
  await stack?.stop();
});

async function receiveAll(queueUrl: string): Promise<string[]> {
  const bodies: string[] = [];
  for (;;) {
    const page = await stack.clients.sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        MaxNumberOfMessages: 10,
        VisibilityTimeout: 60,
        WaitTimeSeconds: 0,
      }),
    );
    if (!page.Messages?.length) return bodies;
    bodies.push(...page.Messages.map((message) => message.Body ?? ''));
  }
}

describe('Command: redrive', () => {
  it('moves every DLQ message back to the ingest queue and says how many', async () => {
    // Prepare: 23 dead letters (more than one receive of 10), and the queue emptied of the s3:TestEvent.
    await receiveAll(stack.queueUrl);
    const bodies = Array.from({ length: 23 }, (_, i) => JSON.stringify({ dead: i }));
    for (const body of bodies) {
      await stack.clients.sqs.send(
        new SendMessageCommand({ QueueUrl: stack.deadLetterQueueUrl, MessageBody: body }),
      );
    }

    // Act
    const { stdout } = await run(
      process.execPath,
      ['--import', 'tsx', 'scripts/redrive.ts', '--prefix', stack.prefix],
      {
        cwd: APP_DIR,
        env: { ...process.env, ...stack.env() },
        timeout: 60_000,
      },
    );

    // Assess
    expect(stdout).toContain(
      `redrive: moved 23 message(s) from ${stack.deadLetterQueueUrl} to ${stack.queueUrl} (receive-send-delete, COMPLETED)`,
    );
    expect((await receiveAll(stack.queueUrl)).sort()).toStrictEqual([...bodies].sort());
    expect(await receiveAll(stack.deadLetterQueueUrl)).toStrictEqual([]);
  });

  it('refuses to run without queues, with its usage', async () => {
    // Act
    const outcome = run(process.execPath, ['--import', 'tsx', 'scripts/redrive.ts'], {
      cwd: APP_DIR,
      env: { ...process.env, ...stack.env() },
    });

    // Assess
    await expect(outcome).rejects.toMatchObject({
      code: 2,
      stderr: expect.stringContaining('usage: redrive'),
    });
  });
});
