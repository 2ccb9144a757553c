import { Writable } from 'node:stream';
import {
  functionDefinitions,
  hostFunction,
  type LocalLambda,
  type LocalRuntime,
  type LocalStack,
  startLocalRuntime,
  startLocalStack,
} from '@energy/local-stack';

/** The local stack, the api over HTTP and the processor behind its queue, seeded with data. */
export type SeededStack = {
  /** The emulator and its resources. */
  stack: LocalStack;
  /** The built functions: api over HTTP, processor on the queue. */
  runtime: LocalRuntime;
  /** Base URL of the API, `http://127.0.0.1:<port>`. */
  apiUrl: string;
  /** Readings the generator wrote (and the processor stored). */
  readings: number;
  /** Faulty-meter values the generator injected. */
  injected: number;
  /** The functions' log lines, for a failure message. */
  logs: () => string;
  /** Stops everything started, in reverse order. */
  stop: () => Promise<void>;
};

/** How much history to seed. */
export type SeedOptions = {
  /** Generator ticks, one file each, newest at "now". */
  ticks: number;
  /** Minutes between ticks. */
  intervalMinutes: number;
  /** Longest wait for the processor to store everything, ms. */
  timeoutMs: number;
};

/** Collects the functions' stdout/stderr instead of flooding the test output. */
function logSink(): { stream: Writable; text: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, callback) {
      chunks.push(String(chunk));
      callback();
    },
  });
  // Every execution environment of every function pipes its stdout and stderr here.
  stream.setMaxListeners(100);
  return { stream, text: () => chunks.join('').slice(-20_000) };
}

/**
 * Seeds the stack the way the demo does, with the real built bundles: the generator
 * Lambda writes one file per tick (ticks back-dated through its `scheduledTime`), S3
 * notifies the queue, the processor Lambda stores readings and aggregates, and the
 * api Lambda serves them over HTTP. Resolves once the summary counts every reading.
 *
 * @example
 * const seeded = await seedThroughPipeline({ ticks: 48, intervalMinutes: 30, timeoutMs: 40_000 });
 */
export async function seedThroughPipeline(options: SeedOptions): Promise<SeededStack> {
  const logs = logSink();
  // A 1 s batching window and long poll keep the queue from idling while the test waits.
  const stack = await startLocalStack({ settings: { processor: { maximumBatchingWindowSeconds: 1 } } });
  let runtime: LocalRuntime | undefined;
  let generator: LocalLambda | undefined;
  const stop = async () => {
    await generator?.stop();
    await runtime?.stop();
    await stack.stop();
  };
  try {
    const functionOptions = { seed: 'dashboard-browser-test', logLevel: 'WARN' };
    runtime = await startLocalRuntime(stack, {
      ...functionOptions,
      processor: true,
      api: true,
      generator: false,
      apiPort: 0,
      waitTimeSeconds: 1,
      output: logs.stream,
    });
    const definition = functionDefinitions(
      stack.names,
      stack.settings,
      stack.resources,
      functionOptions,
    ).generator;
    generator = await hostFunction(stack, definition, { maxConcurrency: 1, output: logs.stream });
    const now = Date.now();
    let readings = 0;
    let injected = 0;
    for (let tick = options.ticks - 1; tick >= 0; tick -= 1) {
      const scheduledTime = new Date(now - tick * options.intervalMinutes * 60_000).toISOString();
      const result = await generator.invoke<{ count: number; anomalies: number }>({ scheduledTime });
      readings += result.count;
      injected += result.anomalies;
    }
    const apiUrl = runtime.http?.url;
    if (!apiUrl) throw new Error('the local runtime started no HTTP API');
    await waitForReadings(
      apiUrl,
      readings,
      new Date(now - options.ticks * options.intervalMinutes * 60_000),
      options.timeoutMs,
    );
    return { stack, runtime, apiUrl, readings, injected, logs: logs.text, stop };
  } catch (error) {
    await stop();
    throw new Error(`seeding failed: ${(error as Error).message}\n--- function logs ---\n${logs.text()}`, {
      cause: error,
    });
  }
}

/** Polls the summary route until it counts `expected` readings since `from`. */
async function waitForReadings(
  apiUrl: string,
  expected: number,
  from: Date,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let counted = -1;
  while (Date.now() < deadline) {
    const query = new URLSearchParams({
      from: from.toISOString(),
      to: new Date().toISOString(),
      bucket: 'day',
    });
    const response = await fetch(`${apiUrl}/v1/summary?${query}`);
    if (response.ok) {
      const body = (await response.json()) as { sites: { count: number }[] };
      counted = body.sites.reduce((total, site) => total + site.count, 0);
      if (counted === expected) return;
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`the summary counted ${counted} of ${expected} readings after ${timeoutMs} ms`);
}
