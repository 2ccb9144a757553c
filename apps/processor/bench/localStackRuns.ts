// The processor as it runs locally: the BUILT zip in the local Lambda runtime (30 s timeout,
// 512 MB) behind the SQS event source (batch 10, maxReceiveCount 3), on a fresh moto. Used by
// run.ts for the 10,000-site tick (one invocation, nothing in the DLQ) and the 60 MB file
// (completes across invocations by continuation messages).
import { createWriteStream } from 'node:fs';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { GetQueueAttributesCommand, PurgeQueueCommand } from '@aws-sdk/client-sqs';
import { type LocalStack, startLocalRuntime } from '@energy/local-stack';
import { countStoredReadings, freshStack } from './ingestVariants.js';

/** What one file did on the local stack. */
export type LocalStackRun = {
  /** Readings in the file. */
  readings: number;
  /** Bytes of the file. */
  bytes: number;
  /** Readings in the table at the end. */
  stored: number;
  /** From the put to the last reading stored (or the give-up), ms. */
  ms: number;
  /** Processor invocations. */
  invocations: number;
  /** Invocations that timed out. */
  timeouts: number;
  /** Messages received (the notification, its continuations, and retries). */
  received: number;
  /** Of those, receives of a message received before (retries). */
  retried: number;
  /** Continuation messages the processor sent. */
  continuations: number;
  /** Messages in the DLQ at the end. */
  deadLetters: number;
};

/** `count` readings of `sites` sites, five minutes apart per site, as a JSON array, one per line. */
export function fleetFile(count: number, sites: number): string {
  const base = Date.UTC(2025, 1, 16);
  const lines: string[] = [];
  for (let i = 0; i < count; i++) {
    const tick = Math.floor(i / sites);
    const generated = ((i * 7919) % 1_000_000) / 10_000;
    const consumed = ((i * 104_729) % 1_000_000) / 10_000;
    lines.push(
      `{"site_id":"site-${String(i % sites).padStart(5, '0')}","timestamp":"${new Date(base + tick * 300_000).toISOString().slice(0, 19)}Z","energy_generated_kwh":${generated},"energy_consumed_kwh":${consumed}}`,
    );
  }
  return `[\n${lines.join(',\n')}\n]\n`;
}

async function depth(stack: LocalStack, queueUrl: string): Promise<number> {
  const { Attributes } = await stack.clients.sqs.send(
    new GetQueueAttributesCommand({
      QueueUrl: queueUrl,
      AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
    }),
  );
  return (
    Number(Attributes?.ApproximateNumberOfMessages ?? 0) +
    Number(Attributes?.ApproximateNumberOfMessagesNotVisible ?? 0)
  );
}

/**
 * Puts `body` on a fresh local stack running the processor zip and waits until every reading
 * is stored, the DLQ holds a message, or `giveUpMs` passes. Function logs go to `logFile`.
 */
export async function runOnLocalStack(
  body: string,
  readings: number,
  options: { giveUpMs: number; logFile: string },
): Promise<LocalStackRun> {
  const stack = await freshStack();
  const output = createWriteStream(options.logFile);
  let continuations = 0;
  const counter = new (await import('node:stream')).Writable({
    write(chunk, _encoding, callback) {
      const text = String(chunk);
      continuations += text.split('continuation sent').length - 1;
      output.write(chunk, callback);
    },
  });
  const runtime = await startLocalRuntime(stack, {
    api: false,
    generator: false,
    waitTimeSeconds: 1,
    output: counter,
  });
  try {
    const started = performance.now();
    await stack.clients.s3.send(
      new PutObjectCommand({
        Bucket: stack.names.bucket,
        Key: 'readings/bench/local-stack.json',
        Body: body,
      }),
    );
    let stored = 0;
    let deadLetters = 0;
    let ms = 0;
    while (performance.now() - started < options.giveUpMs) {
      await new Promise((resolve) => setTimeout(resolve, 2_000));
      stored = await countStoredReadings(stack);
      deadLetters = await depth(stack, stack.deadLetterQueueUrl);
      ms = performance.now() - started;
      if (stored >= readings || deadLetters > 0) break;
    }
    // Let the last invocation return (its message deleted or failed) before reading the counters.
    const until = performance.now() + 60_000;
    while (performance.now() < until && (await depth(stack, stack.queueUrl)) > 0) {
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
    deadLetters = await depth(stack, stack.deadLetterQueueUrl);
    const fn = runtime.functions.processor;
    const source = runtime.eventSource;
    return {
      readings,
      bytes: Buffer.byteLength(body),
      stored,
      ms,
      invocations: fn?.stats.invocations ?? 0,
      timeouts: fn?.stats.timeouts ?? 0,
      received: source?.stats.received ?? 0,
      retried: source?.stats.retried ?? 0,
      continuations,
      deadLetters,
    };
  } finally {
    await runtime.stop();
    await stack.stop();
    output.end();
  }
}
