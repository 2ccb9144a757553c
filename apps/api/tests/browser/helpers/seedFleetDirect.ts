import { Writable } from 'node:stream';
import {
  contributionItems,
  enrichReading,
  FileContribution,
  formatCanonical,
  mulberry32,
  type ReadingItem,
  toReadingItem,
} from '@energy/core';
import { type LocalRuntime, type LocalStack, startLocalRuntime, startLocalStack } from '@energy/local-stack';
import { runSummarizer, SummaryTable } from '@energy/summarizer';
import { batchPut } from '../../helpers/dynamo.js';

/** The local stack and the api over HTTP, seeded with data. */
export type SeededStack = {
  /** The emulator and its resources. */
  stack: LocalStack;
  /** The built functions: api over HTTP, processor on the queue. */
  runtime: LocalRuntime;
  /** Base URL of the API, `http://127.0.0.1:<port>`. */
  apiUrl: string;
  /** Readings stored. */
  readings: number;
  /** Faulty-meter values injected. */
  injected: number;
  /** The functions' log lines, for a failure message. */
  logs: () => string;
  /** Stops everything started, in reverse order. */
  stop: () => Promise<void>;
};

/** A fleet to seed. */
export type FleetSeed = {
  /** Sites per tick, `site1` … `site<n>`. */
  sites: number;
  /** Ticks (one file each), newest at "now". */
  ticks: number;
  /** Minutes between ticks. */
  intervalMinutes: number;
};

/**
 * Seeds a large fleet for the dashboard without running the ingest path file by file: the
 * readings of each tick (the generator's fault model: each value -1 with probability 0.2) go
 * into the readings table as the processor stores them, the tick's summary contribution as the
 * processor writes it (core's `contributionItems`), then the summarizer runs once; the api
 * Lambda (the built zip) serves them over HTTP.
 */
export async function seedFleetDirect(seed: FleetSeed): Promise<SeededStack> {
  const stack: LocalStack = await startLocalStack();
  let runtime: LocalRuntime | undefined;
  const stop = async () => {
    await runtime?.stop();
    await stack.stop();
  };
  try {
    const sink = new Writable({ write: (_chunk, _encoding, callback) => callback() });
    sink.setMaxListeners(100);
    runtime = await startLocalRuntime(stack, {
      processor: false,
      api: true,
      apiPort: 0,
      logLevel: 'WARN',
      output: sink,
    });
    const random = mulberry32(20_261_201);
    const value = () => (random() < 0.2 ? -1 : Math.round(random() * 1_000_000) / 10_000);
    const now = Date.now();
    const ingestedAt = formatCanonical(now);
    const readings: ReadingItem[] = [];
    const summary: Record<string, unknown>[] = [];
    let injected = 0;
    for (let tick = seed.ticks - 1; tick >= 0; tick -= 1) {
      const timestamp = formatCanonical(now - tick * seed.intervalMinutes * 60_000 - 1_000);
      const key = `readings/${timestamp}.json`;
      const contribution = new FileContribution();
      for (let site = 1; site <= seed.sites; site++) {
        const reading = enrichReading({
          site_id: `site${site}`,
          timestamp,
          energy_generated_kwh: value(),
          energy_consumed_kwh: value(),
        });
        if (reading.anomaly) injected += reading.anomaly_reasons.length;
        contribution.add(reading);
        readings.push(toReadingItem(reading, { sourceKey: key, ingestedAt }));
      }
      summary.push(
        ...contributionItems(contribution, { bucket: stack.names.bucket, key, segment: 0 }, ingestedAt),
      );
    }
    await batchPut(stack.clients.documentClient, stack.names.readingsTable, readings);
    await batchPut(stack.clients.documentClient, stack.names.summaryTable, summary);
    await runSummarizer({
      table: new SummaryTable(stack.clients.documentClient, stack.names.summaryTable),
      logger: { info: () => undefined },
      now: () => now,
    });
    const apiUrl = runtime.http?.url;
    if (!apiUrl) throw new Error('the local runtime started no HTTP API');
    return { stack, runtime, apiUrl, readings: readings.length, injected, logs: () => '', stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
