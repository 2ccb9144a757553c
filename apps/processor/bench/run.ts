// Ingest benchmarks (issue 4) on the local emulator: readings/s through the processor
// (S3 read → parse → DynamoDB writes with aggregates) against the floor (the same items
// with plain BatchWriteItem calls) and the original's one PutItem per reading; and peak
// RSS while the processor ingests a 50 MB object from the emulator's S3.
// Run: pnpm --filter @energy/processor bench (or pnpm bench). Needs the project venv (make venv).
// Writes its section of docs/benchmarks.md; asserts nothing about speed.

import { execFile } from 'node:child_process';
import { createReadStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { formatCount, median, stampedSection, writeBenchSection } from '@energy/bench-kit';
import { STACK_SETTINGS } from '@energy/config';
import type { LocalStack } from '@energy/local-stack';
import {
  type FixtureFormat,
  generateReadings,
  serializeReadings,
  writeReadingsFile,
} from '../../../packages/core/bench/readingsFixture.js';
import { WRITE_SETTINGS } from '../src/constants.js';
import { DEFAULT_ALERT_FEED } from '../src/environment.js';
import {
  type CallStats,
  countStoredReadings,
  freshStack,
  type ProcessorRun,
  readingItemsOf,
  runBatchWriteFloor,
  runProcessor,
  runPutItemEach,
  type VariantRun,
} from './ingestVariants.js';
import { fleetFile, type LocalStackRun, runOnLocalStack } from './localStackRuns.js';
import type { MemoryProbeInput, MemoryProbeOutput } from './memoryProbe.js';

// The SDK warns once per process that Node 20 support ends in 2027: noise in a bench log.
process.removeAllListeners('warning');
process.on('warning', (warning) => {
  if (warning.name !== 'NodeVersionSupportWarning') console.warn(warning);
});

const INGEST_READINGS = Number(process.env.BENCH_INGEST_READINGS ?? 10_000);
const PUT_ITEM_READINGS = Math.min(INGEST_READINGS, Number(process.env.BENCH_PUT_ITEM_READINGS ?? 1_000));
const RUNS = Number(process.env.BENCH_INGEST_RUNS ?? 3);
/** No new processor/floor round starts after this much time, to keep `pnpm bench` within minutes. */
const ROUNDS_BUDGET_MS = 60_000;
/** Readings of the file with anomalies: every anomaly costs an alert marker and a publish. */
const ALERT_READINGS = Number(process.env.BENCH_ALERT_READINGS ?? 1_000);
/** Large files in one batch for the memory probe (the batch processor runs a batch's messages in parallel). */
const MEMORY_FILES = Number(process.env.BENCH_MEMORY_FILES ?? 4);
const MEMORY_FILE_BYTES = 25 * 1024 * 1024;
/** Extra characters per record of the memory file: ~10 KB records, so 50 MB is ~5k writes, not 460k. */
const MEMORY_PADDING_CHARS = Number(process.env.BENCH_MEMORY_PADDING ?? 10_000);
const FLOOR_GOAL = 0.8;
const PUT_ITEM_GOAL = 5;
/** The processor's configured memory (512 MB). */
const RSS_GOAL_BYTES = 512 * 1024 * 1024;
const FORMATS: readonly FixtureFormat[] = ['array', 'ndjson'];
const COMMAND = '`pnpm bench` (this section alone: `pnpm --filter @energy/processor bench`)';
/** Readings of the large file run on the local stack (the issue's 60 MB file: 517,690 readings). */
const BIG_READINGS = Number(process.env.BENCH_BIG_READINGS ?? 517_690);
/** Sites of the large file. */
const BIG_SITES = 1_000;

const benchDir = dirname(fileURLToPath(import.meta.url));
const run = promisify(execFile);
const mb = (bytes: number): string => `${(bytes / 1e6).toFixed(1)} MB`;
const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;
const log = (message: string): void => console.log(`[bench:ingest] ${message}`);

type Throughput = {
  processor: ProcessorRun[];
  floor: VariantRun[];
  putItem: VariantRun[];
  withAlerts: { processor: ProcessorRun; floor: VariantRun };
};

/** Runs `body` on a fresh emulator, stopping it whatever happens. */
async function onFreshStack<T>(body: (stack: LocalStack) => Promise<T>): Promise<T> {
  const stack = await freshStack();
  try {
    return await body(stack);
  } finally {
    await stack.stop();
  }
}

async function checkedProcessor(key: string, body: string, expected: number): Promise<ProcessorRun> {
  return onFreshStack(async (stack) => {
    const result = await runProcessor(stack, key, body);
    const stored = await countStoredReadings(stack);
    // A run that lost or refused readings must not count as fast.
    if (result.report.stored !== expected || result.report.rejected !== 0 || stored !== expected) {
      throw new Error(`processor stored ${result.report.stored} (table: ${stored}) of ${expected}`);
    }
    return result;
  });
}

async function checkedFloor(key: string, body: string, expected: number): Promise<VariantRun> {
  return onFreshStack(async (stack) => {
    const result = await runBatchWriteFloor(stack, readingItemsOf(key, body));
    const stored = await countStoredReadings(stack);
    if (stored !== expected) throw new Error(`floor stored ${stored} of ${expected}`);
    return result;
  });
}

async function checkedPutItem(key: string, body: string, count: number): Promise<VariantRun> {
  return onFreshStack(async (stack) => {
    const result = await runPutItemEach(stack, readingItemsOf(key, body).slice(0, count));
    const stored = await countStoredReadings(stack);
    if (stored !== count) throw new Error(`one PutItem per reading stored ${stored} of ${count}`);
    return result;
  });
}

async function measureThroughput(): Promise<Throughput> {
  const key = 'readings/bench/tick.json';
  // One five-minute tick of a fleet: every reading a different site.
  const body = fleetFile(INGEST_READINGS, INGEST_READINGS);
  log(`${formatCount(INGEST_READINGS)}-site tick, no anomalies, ${mb(Buffer.byteLength(body))} array file`);
  const processor: ProcessorRun[] = [];
  const floor: VariantRun[] = [];
  const putItem: VariantRun[] = [];
  const started = Date.now();
  for (let round = 0; round < RUNS; round++) {
    if (round > 0 && Date.now() - started > ROUNDS_BUDGET_MS) {
      log(`${round} round(s) took over ${seconds(ROUNDS_BUDGET_MS)}: no more, to keep the bench short`);
      break;
    }
    // The variants alternate, each on a fresh emulator, so drift in background load hits them alike.
    const p = await checkedProcessor(key, body, INGEST_READINGS);
    processor.push(p);
    log(`run ${round + 1}: processor ${seconds(p.ms)} = ${formatCount(p.readingsPerSecond)} readings/s`);
    const f = await checkedFloor(key, body, INGEST_READINGS);
    floor.push(f);
    log(`run ${round + 1}: floor     ${seconds(f.ms)} = ${formatCount(f.readingsPerSecond)} readings/s`);
    const u = await checkedPutItem(key, body, PUT_ITEM_READINGS);
    putItem.push(u);
    log(
      `run ${round + 1}: one PutItem per reading, first ${formatCount(PUT_ITEM_READINGS)}: ${seconds(u.ms)} = ${formatCount(u.readingsPerSecond)} readings/s`,
    );
  }

  const alertsBody = serializeReadings(generateReadings(ALERT_READINGS, 42), 'array');
  const alertsKey = 'readings/bench/with-anomalies.json';
  const alertsProcessor = await checkedProcessor(alertsKey, alertsBody, ALERT_READINGS);
  log(
    `with anomalies: processor ${seconds(alertsProcessor.ms)} = ${formatCount(alertsProcessor.readingsPerSecond)} readings/s, ${formatCount(alertsProcessor.report.alertsSent)} alerts`,
  );
  const alertsFloor = await checkedFloor(alertsKey, alertsBody, ALERT_READINGS);
  log(
    `with anomalies: floor ${seconds(alertsFloor.ms)} = ${formatCount(alertsFloor.readingsPerSecond)} readings/s`,
  );
  return { processor, floor, putItem, withAlerts: { processor: alertsProcessor, floor: alertsFloor } };
}

type MemoryRow = {
  format: FixtureFormat;
  files: number;
  bytes: number;
  readings: number;
  probe: MemoryProbeOutput;
};

async function probe(input: MemoryProbeInput): Promise<MemoryProbeOutput> {
  const { stdout } = await run(
    process.execPath,
    ['--import', 'tsx', join(benchDir, 'memoryProbe.ts'), JSON.stringify(input)],
    { maxBuffer: 1024 * 1024, cwd: join(benchDir, '..') },
  );
  return JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as MemoryProbeOutput;
}

function probeInput(stack: LocalStack, keys: string[], mode: MemoryProbeInput['mode']) {
  return {
    mode,
    endpoint: stack.endpoint,
    region: stack.region,
    bucket: stack.resources.bucket,
    keys,
    readingsTable: stack.names.readingsTable,
    summaryTable: stack.names.summaryTable,
    topicArn: stack.topicArn,
    quarantinePrefix: stack.settings.storage.quarantinePrefix,
    maxFileBytes: stack.settings.processor.maxFileBytes,
  } satisfies MemoryProbeInput;
}

async function measureMemory(directory: string): Promise<{ rows: MemoryRow[]; idle: MemoryProbeOutput }> {
  const rows: MemoryRow[] = [];
  let idle: MemoryProbeOutput | undefined;
  for (const format of FORMATS) {
    const file = join(directory, `big.${format === 'array' ? 'json' : 'ndjson'}`);
    const readings = await writeReadingsFile(file, format, MEMORY_FILE_BYTES, {
      anomalyProbability: 0,
      paddingChars: MEMORY_PADDING_CHARS,
    });
    const { size } = await stat(file);
    // The same content under distinct keys and sites would need distinct files; distinct keys
    // suffice here (the table holds each reading once, every file's report counts all of them).
    const keys = Array.from({ length: MEMORY_FILES }, (_, index) => `readings/bench/big-${index}.${format}`);
    const row = await onFreshStack(async (stack) => {
      for (const key of keys) {
        await stack.clients.s3.send(
          new PutObjectCommand({
            Bucket: stack.resources.bucket,
            Key: key,
            Body: createReadStream(file),
            ContentLength: size,
          }),
        );
      }
      log(
        `${format}: ${MEMORY_FILES} × ${mb(size)} objects with ${formatCount(readings)} readings each in the emulator's S3; ingesting them as one batch in a child process`,
      );
      idle ??= await probe(probeInput(stack, keys, 'idle'));
      const output = await probe(probeInput(stack, keys, 'ingest'));
      const stored = await countStoredReadings(stack);
      const reported = output.reports?.map((r) => r.stored) ?? [];
      if (reported.length !== MEMORY_FILES || reported.some((n) => n !== readings) || stored !== readings) {
        throw new Error(
          `${format}: processor stored ${reported.join(', ')} (table: ${stored}) of ${readings} per file`,
        );
      }
      log(`${format}: ingested in ${seconds(output.ms)}, peak RSS ${mb(output.maxRssBytes)}`);
      return { format, files: MEMORY_FILES, bytes: size, readings, probe: output };
    });
    rows.push(row);
    await rm(file);
  }
  return { rows, idle: idle as MemoryProbeOutput };
}

const ROLES: Record<string, string> = {
  GetObject: 'read the file',
  BatchWriteItem: 'store the readings and the summary contribution',
  PutItem: 'conditional puts: alert markers',
  PublishBatch: 'alerts',
};

function callRows(calls: Record<string, CallStats>, readings: number): string[] {
  const totalMs = Object.values(calls).reduce((sum, stats) => sum + stats.ms, 0);
  return Object.entries(calls)
    .sort(([, a], [, b]) => b.ms - a.ms)
    .map(
      ([operation, stats]) =>
        `| ${operation} | ${formatCount(stats.count)} | ${((stats.count / readings) * 1000).toFixed(1)} | ${((stats.ms / totalMs) * 100).toFixed(0)}% | ${ROLES[operation] ?? ''} |`,
    );
}

type LocalRuns = { tick: LocalStackRun; big: LocalStackRun };

function localRow(name: string, run: LocalStackRun): string {
  return `| ${name} | ${mb(run.bytes)} | ${formatCount(run.readings)} | ${formatCount(run.stored)} | ${seconds(run.ms)} | ${run.invocations} | ${run.continuations} | ${run.received} | ${run.retried} | ${run.timeouts} | ${run.deadLetters} |`;
}

function report(
  throughput: Throughput,
  memory: { rows: MemoryRow[]; idle: MemoryProbeOutput },
  local: LocalRuns,
): string {
  const verdict = (ok: boolean): string => (ok ? 'met' : '**missed**');
  const processorRate = median(throughput.processor.map((r) => r.readingsPerSecond));
  const floorRate = median(throughput.floor.map((r) => r.readingsPerSecond));
  const putItemRate = median(throughput.putItem.map((r) => r.readingsPerSecond));
  const runs = throughput.processor.length;
  const alerts = throughput.withAlerts;
  const lines = [
    `### Readings/s: processor vs plain BatchWriteItem vs one PutItem per reading`,
    '',
    `File: one five-minute tick of ${formatCount(INGEST_READINGS)} sites (${formatCount(INGEST_READINGS)} readings in one JSON array, one segment),`,
    'no anomalies, so that all three variants store the same items.',
    'Every run starts its own moto server and provisions every resource afresh (no variant sees another',
    `one's items), then counts the readings table afterwards. Median of ${runs} run(s), the three variants alternating.`,
    '',
    '- **Processor**: the real S3 notification from moto handed to `processMessage` (what the handler runs per SQS',
    '  record): GetObject stream → parse, validate, net energy, rules → BatchWriteItem (25 per call,',
    `  ${WRITE_SETTINGS.concurrency} in flight) → alerts → the file's summary contribution, exactly as in the Lambda.`,
    `- **Floor**: the same items, built before the clock starts, written with plain \`BatchWriteCommand\` calls,`,
    `  25 per call, ${WRITE_SETTINGS.concurrency} in flight (the processor's concurrency); nothing else.`,
    `- **One PutItem per reading** (the original's way): \`PutCommand\` after \`PutCommand\` on the first`,
    `  ${formatCount(PUT_ITEM_READINGS)} of those items.`,
    '',
    '| Variant | Readings | Time (median) | Readings/s | vs floor | vs one PutItem |',
    '| --- | ---: | ---: | ---: | ---: | ---: |',
    `| Processor | ${formatCount(INGEST_READINGS)} | ${seconds(median(throughput.processor.map((r) => r.ms)))} | ${formatCount(processorRate)} | ${(processorRate / floorRate).toFixed(2)}× | ${(processorRate / putItemRate).toFixed(1)}× |`,
    `| Floor: BatchWriteItem | ${formatCount(INGEST_READINGS)} | ${seconds(median(throughput.floor.map((r) => r.ms)))} | ${formatCount(floorRate)} | 1.00× | ${(floorRate / putItemRate).toFixed(1)}× |`,
    `| One PutItem per reading | ${formatCount(PUT_ITEM_READINGS)} | ${seconds(median(throughput.putItem.map((r) => r.ms)))} | ${formatCount(putItemRate)} | ${(putItemRate / floorRate).toFixed(2)}× | 1.0× |`,
    '',
    `Goals: processor ≥ ${FLOOR_GOAL}× floor — ${verdict(processorRate / floorRate >= FLOOR_GOAL)}; processor ≥ ${PUT_ITEM_GOAL}× one PutItem — ${verdict(processorRate / putItemRate >= PUT_ITEM_GOAL)}.`,
    `Runs (readings/s): processor ${throughput.processor.map((r) => formatCount(r.readingsPerSecond)).join(', ')}; floor ${throughput.floor.map((r) => formatCount(r.readingsPerSecond)).join(', ')}; one PutItem ${throughput.putItem.map((r) => formatCount(r.readingsPerSecond)).join(', ')}.`,
    '',
    `Where the processor's time goes: its AWS calls in the last run, by operation. Latencies overlap (several calls`,
    'in flight) and moto serves one request at a time, so the share of summed latency approximates the share of',
    `emulator time. The floor makes ${formatCount(Math.ceil(INGEST_READINGS / 25))} BatchWriteItem calls and nothing else.`,
    '',
    '| Operation | Calls | Per 1,000 readings | Share of call time | Role |',
    '| --- | ---: | ---: | ---: | --- |',
    ...callRows(throughput.processor.at(-1)?.calls ?? {}, INGEST_READINGS),
    '',
    `With the generator's default anomaly rate (each value -1 with probability 0.2), each anomalous reading is also`,
    `written to the anomaly index (ALERT_FEED=${DEFAULT_ALERT_FEED}: ${DEFAULT_ALERT_FEED === 'none' ? 'no per-reading alerts; the alerter sends state changes' : 'plus an alert marker and a publish per anomalous reading'}). One run on`,
    `${formatCount(ALERT_READINGS)} readings (${formatCount(alerts.processor.report.anomalies)} anomalous, ${formatCount(alerts.processor.report.alertsSent)} alerts sent):`,
    `${formatCount(alerts.processor.readingsPerSecond)} readings/s, ${(alerts.processor.readingsPerSecond / alerts.floor.readingsPerSecond).toFixed(2)}× its floor (${formatCount(alerts.floor.readingsPerSecond)} readings/s); calls:`,
    `${Object.entries(alerts.processor.calls)
      .map(([operation, stats]) => `${operation} ${formatCount(stats.count)}`)
      .join(', ')}.`,
    '',
    '### The built zip on the local stack: a 10,000-site tick and a file too big for one invocation',
    '',
    `\`processor.zip\` in the local Lambda runtime (${STACK_SETTINGS.processor.timeoutSeconds} s timeout, ${STACK_SETTINGS.processor.memoryMb} MB heap cap) behind the SQS event source with`,
    "Lambda's semantics (`packages/local-stack`), S3 notifying the queue; a file too big for one invocation goes on in",
    'continuation messages (time-aware segments). Counted from the emulator at the end. Invocations and Received',
    "include the bucket's `s3:TestEvent` message, sent when the stack subscribes the queue: it is received",
    "either in the file's batch or in an invocation of its own.",
    '',
    '| File | Size | Readings | Stored | Time | Invocations | Continuations | Received | Retried | Timed out | DLQ |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    localRow(`${formatCount(INGEST_READINGS)}-site tick`, local.tick),
    localRow(`${formatCount(BIG_READINGS)} readings of ${formatCount(BIG_SITES)} sites`, local.big),
    '',
    `### Peak RSS while one batch holds ${MEMORY_FILES} large files at once`,
    '',
    `${MEMORY_FILES} messages of one invocation, in parallel as the batch processor runs them (\`processMessage\` under one`,
    'invocation context: one record budget across the batch), in a child process (`node --import tsx`), each',
    "reading its object from the emulator's S3 as a stream and writing every reading with its aggregates;",
    '`process.resourceUsage().maxRSS` at the end. The records carry an extra',
    `${formatCount(MEMORY_PADDING_CHARS)}-character attribute (ignored by validation) so that each file is ${formatCount(memory.rows[0]?.readings ?? 0)} writes`,
    '(`BENCH_MEMORY_PADDING=0 pnpm --filter @energy/processor bench` runs plain readings: about 230,000 per file, long on the emulator).',
    `The same child with its clients built but nothing ingested peaks at ${mb(memory.idle.maxRssBytes)}.`,
    '',
    '| Format | Files in the batch | Each | Readings each | Time | Peak RSS | Goal ≤ 512 MB (configured memory) |',
    '| --- | ---: | ---: | ---: | ---: | ---: | --- |',
    ...memory.rows.map(
      (row) =>
        `| ${row.format} | ${row.files} | ${mb(row.bytes)} | ${formatCount(row.readings)} | ${seconds(row.probe.ms)} | ${mb(row.probe.maxRssBytes)} | ${verdict(row.probe.maxRssBytes <= RSS_GOAL_BYTES)} |`,
    ),
  ];
  return stampedSection('Ingest: processor on the local emulator', COMMAND, lines.join('\n'));
}

log('throughput: processor vs BatchWriteItem floor vs one PutItem per reading (fresh moto per run)');
const throughput = await measureThroughput();
log(`memory: ${MEMORY_FILES} large objects ingested at once from S3 by the processor, in child processes`);
const directory = await mkdtemp(join(tmpdir(), 'energy-bench-ingest-'));
try {
  log(
    `local stack: a ${formatCount(INGEST_READINGS)}-site tick, then ${formatCount(BIG_READINGS)} readings in one file`,
  );
  const tick = await runOnLocalStack(fleetFile(INGEST_READINGS, INGEST_READINGS), INGEST_READINGS, {
    giveUpMs: 120_000,
    logFile: join(directory, 'tick.log'),
  });
  log(`tick: ${JSON.stringify(tick)}`);
  const big = await runOnLocalStack(fleetFile(BIG_READINGS, BIG_SITES), BIG_READINGS, {
    giveUpMs: 30 * 60_000,
    logFile: join(directory, 'big.log'),
  });
  log(`big file: ${JSON.stringify(big)}`);
  const memory = await measureMemory(directory);
  writeBenchSection('ingest', report(throughput, memory, { tick, big }));
  log('wrote the ingest section of docs/benchmarks.md');
} finally {
  await rm(directory, { recursive: true, force: true });
}
