// The processor as it runs locally: the BUILT zip in the local Lambda runtime (30 s timeout,
// 512 MB) behind the SQS event source (batch 10, maxReceiveCount 3), on a fresh moto. Used by
// run.ts for the 10,000-site tick (one invocation, nothing in the DLQ) and the 60 MB file
// (completes across invocations by continuation messages).
import { createWriteStream } from 'node:fs';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { queueDepth, startLocalRuntime } from '@energy/local-stack';
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
  let ingested = false;
  const counter = new (await import('node:stream')).Writable({
    write(chunk, _encoding, callback) {
      const text = String(chunk);
      continuations += text.split('continuation sent').length - 1;
      if (text.includes('"message":"file ingested"')) ingested = true;
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
    let deadLetters = 0;
    let ms = 0;
    // Watch the function log and the DLQ, not the table: a Scan of a large table every few
    // seconds would take the emulator's time from the processor being measured.
    while (performance.now() - started < options.giveUpMs) {
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      deadLetters = await queueDepth(stack, stack.deadLetterQueueUrl);
      ms = performance.now() - started;
      if (ingested || deadLetters > 0) break;
    }
    // Let the last invocation return (its message deleted or failed) before reading the counters.
    const until = performance.now() + 60_000;
    while (performance.now() < until && (await queueDepth(stack, stack.queueUrl)) > 0) {
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
    deadLetters = await queueDepth(stack, stack.deadLetterQueueUrl);
    const stored = await countStoredReadings(stack);
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
