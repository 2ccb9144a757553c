import { formatCount } from '@energy/bench-kit';
import { FaultProxy } from '@energy/fault-proxy';
import { ALERT_FEED, type AlertFeed } from '@energy/processor';
import { LARGE_FILE_SETTINGS, type SuiteScale } from './constants.js';
import { jsonArray, poisonCorpus, readings } from './corpus.js';
import type { FaultSuite, FaultSuiteOptions } from './FaultSuite.js';
import type { CaseCounts, Expectation, ProcessorActivity } from './types.js';

/** One case of the suite: what it injects and how it runs. */
export type FaultCase = {
  /** Short name (the row of the table). */
  name: string;
  /** The fault injected, for the table. */
  fault: string;
  /** True when the guarantee needs the processor work of issue 13.1/13.3/13.4/13.6 (see docs/reliability.md). */
  needsProcessorWork: boolean;
  /** How the case's suite starts at a scale (default: the per-reading feed on, its alerts counted). */
  options?: (scale: SuiteScale) => FaultSuiteOptions;
  /** Uploads, injects, waits; returns what must be true of the emulator afterwards. */
  run: (suite: FaultSuite, scale: SuiteScale) => Promise<Expectation[]>;
};

/** The result of one case. */
export type CaseResult = {
  name: string;
  fault: string;
  needsProcessorWork: boolean;
  /** The case's per-reading feed: `none` means its alert counts are {@link ALERTS_NOT_COUNTED}. */
  alertFeed: AlertFeed;
  counts: CaseCounts;
  /** Processor invocations and continuations, from its log lines. */
  activity: ProcessorActivity;
};

// Faults target the functions' calls to S3, DynamoDB and SNS; the event source's own SQS
// polling passes untouched (on AWS it is Lambda's poller, not the function).
const FUNCTION_CALLS = /Credential=[^/]+\/\d{8}\/[^/]+\/(s3|dynamodb|sns)\/aws4_request/;

function files(
  prefix: string,
  count: number,
  perFile: number,
  anomalyEvery = 5,
): { key: string; rows: ReturnType<typeof readings> }[] {
  return Array.from({ length: count }, (_, i) => ({
    key: `readings/${prefix}/file-${i}.json`,
    rows: readings(`${prefix}-${i}`, perFile, anomalyEvery),
  }));
}

async function uploadAll(
  suite: FaultSuite,
  batch: { key: string; rows: ReturnType<typeof readings> }[],
): Promise<Expectation[]> {
  for (const file of batch) await suite.upload(file.key, jsonArray(file.rows));
  return batch.map((file) => ({ key: file.key, stored: file.rows, rejected: 0 }));
}

/**
 * A case that uploads healthy files while `toxic` is installed, and clears it once the queue
 * drained. `harshEvery` replaces the toxic's `every` at bench scale: a fault rate at which
 * messages were seen to use up their 3 receives and reach the DLQ (suspected cause, not yet
 * confirmed: the SDK's retry token bucket empties, so calls fail unretried); the table shows
 * it. The bounded test runs a rate the code absorbs.
 */
function networkCase(
  name: string,
  fault: (every: number) => string,
  toxic: Parameters<FaultProxy['add']>[0],
  harshEvery?: number,
): FaultCase {
  const every = (scale: SuiteScale) => (scale === 'bench' && harshEvery ? harshEvery : (toxic.every ?? 1));
  return {
    name,
    fault: fault(toxic.every ?? 1),
    needsProcessorWork: false,
    run: async (suite, scale) => {
      const [count, perFile] = scale === 'test' ? [6, 300] : [20, 1000];
      const id = suite.proxy.add({ ...toxic, every: every(scale) });
      const expectations = await uploadAll(suite, files(name, count, perFile));
      await suite.waitQuiet();
      suite.proxy.remove(id);
      return expectations;
    },
  };
}

/** Cases whose guarantees hold with the code on this branch. */
export const GUARANTEED_CASES: readonly FaultCase[] = [
  networkCase('baseline', () => 'none', { kind: 'latency', ms: 0, match: /^$/ }),
  networkCase('latency', (n) => `250 ms on every ${n}nd call to S3/DynamoDB/SNS`, {
    kind: 'latency',
    ms: 250,
    match: FUNCTION_CALLS,
    every: 2,
  }),
  networkCase(
    'resets',
    (n) => `connection reset after the service acted, 1st attempt of every ${n}th call (bench: every 3rd)`,
    { kind: 'reset', when: 'after', match: [FUNCTION_CALLS, FaultProxy.firstAttempt], every: 10 },
    3,
  ),
  networkCase(
    'refused',
    (n) => `connection reset before the service saw it, 1st attempt of every ${n}th call (bench: every 4th)`,
    { kind: 'reset', when: 'before', match: [FUNCTION_CALLS, FaultProxy.firstAttempt], every: 10 },
    4,
  ),
  networkCase('stalls', (n) => `stall (no answer) on the 1st attempt of every ${n}th call, at most 4`, {
    kind: 'stall',
    when: 'before',
    match: [FUNCTION_CALLS, FaultProxy.firstAttempt],
    every: 25,
    limit: 4,
  }),
  {
    name: 'sigkill',
    fault: 'SIGKILL of the runtime mid-batch, then a restart',
    needsProcessorWork: false,
    run: async (suite, scale) => {
      const [count, perFile] = scale === 'test' ? [8, 150] : [20, 1000];
      const before = suite.logged('file ingested').length;
      const expectations = await uploadAll(suite, files('sigkill', count, perFile, 10));
      // Kill once the first file of the batch is done: the rest are mid-way.
      const deadline = Date.now() + 120_000;
      while (suite.logged('file ingested').length === before && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      await suite.killRuntime();
      await suite.startRuntime();
      await suite.waitQuiet();
      return expectations;
    },
  },
  {
    name: 'poison',
    fault: 'not JSON, truncated, BOM, UTF-16, gzip, deep nesting',
    needsProcessorWork: false,
    run: async (suite) => {
      const corpus = poisonCorpus('poison');
      for (const file of corpus) await suite.upload(file.key, file.body);
      await suite.waitQuiet();
      return corpus.map(({ key, stored, rejected, quarantinedWhole }) => ({
        key,
        stored,
        rejected,
        ...(quarantinedWhole ? { quarantinedWhole } : {}),
      }));
    },
  },
];

const UNSTORABLE = [1e16, 1e308, 1e-131, 5e-324] as const;

/** Cases whose guarantees need the processor engineer's work (13.1, 13.3, 13.4, 13.6); see docs/reliability.md. */
export const PROCESSOR_DEPENDENT_CASES: readonly FaultCase[] = [
  {
    name: 'unstorable-numbers',
    fault: 'values DynamoDB or the document client cannot store (1e16, 1e308, 1e-131, 5e-324)',
    needsProcessorWork: true,
    run: async (suite) => {
      const good = readings('unstorable', 200, 5);
      const bad = UNSTORABLE.map((value, i) => ({
        site_id: 'unstorable',
        timestamp: new Date(Date.UTC(2025, 1, 17, 0, 0, i)).toISOString(),
        energy_generated_kwh: value,
        energy_consumed_kwh: 1,
      }));
      const key = 'readings/unstorable/file.json';
      await suite.upload(key, jsonArray([...good.slice(0, 100), ...bad, ...good.slice(100)]));
      await suite.waitQuiet();
      return [{ key, stored: good, rejected: bad.length }];
    },
  },
  {
    name: 'overwritten-key',
    fault: 'two quick puts to one key (the first version must not be lost)',
    needsProcessorWork: true,
    run: async (suite) => {
      const key = 'readings/overwritten/file.json';
      const first = readings('overwritten-a', 100, 4);
      const second = readings('overwritten-b', 100, 4);
      await suite.upload(key, jsonArray(first));
      await suite.upload(key, jsonArray(second));
      await suite.waitQuiet();
      return [
        { key, stored: first, rejected: 0 },
        { key, stored: second, rejected: 0 },
      ];
    },
  },
  {
    name: 'lying-notification',
    fault: 'a notification whose size field lies (says 10 GB for a small file)',
    needsProcessorWork: true,
    run: async (suite) => {
      const key = 'readings/lying/file.json';
      const rows = readings('lying', 50, 5);
      await suite.upload(key, jsonArray(rows));
      await suite.waitQuiet();
      // The same object announced again, its size field lying (10 GiB for a few kB).
      await suite.send(
        JSON.stringify({
          Records: [
            {
              eventVersion: '2.1',
              eventSource: 'aws:s3',
              awsRegion: suite.stack.region,
              eventName: 'ObjectCreated:Put',
              s3: {
                bucket: { name: suite.stack.names.bucket, arn: `arn:aws:s3:::${suite.stack.names.bucket}` },
                object: { key, size: 10 * 1024 ** 3 },
              },
            },
          ],
        }),
      );
      await suite.waitQuiet();
      return [{ key, stored: rows, rejected: 0, mustNotBeQuarantined: true }];
    },
  },
];

/**
 * Cases of files too big for one invocation: each must be stored exactly once by several
 * invocations (time-aware segments, continuation messages), with nothing in the DLQ.
 *
 * They run with the per-reading feed off (`ALERT_FEED=none`, the deployed default), so their
 * alerts are not counted ({@link ALERTS_NOT_COUNTED}). With the feed on, two marker writes
 * and a publish per anomalous reading (one in 9 here; about 70 readings/s on the emulator)
 * cannot drain 150,000 readings in minutes, and that cost is the opt-in feed's, not ingest's:
 * the feed's exactly-once guarantee under faults is what the other cases count. The real
 * alerter is not run instead: its 3-hour lookback (`ALERTER_LIMITS.lookbackHours`) never
 * reaches readings of 2025 at today's clock, a simulated clock would need one run per hour of
 * the file (17 at test scale, 144 at bench), and "one episode per (site, rule)" would hold even
 * if most readings were lost; the readings counts are the proof here, and apps/alerter's
 * tests prove the alerter.
 */
export const LARGE_FILE_CASES: readonly FaultCase[] = [
  {
    name: 'big-file',
    fault: `one file too big for one invocation (test: ${formatCount(LARGE_FILE_SETTINGS.bigFileReadings.test)} readings, ${LARGE_FILE_SETTINGS.testTimeoutSeconds} s timeout; bench: ${formatCount(LARGE_FILE_SETTINGS.bigFileReadings.bench)}, about 60 MB, 30 s)`,
    needsProcessorWork: true,
    options: largeFileOptions,
    run: async (suite, scale) => {
      const key = 'readings/big/file.json';
      const rows = readings('big', LARGE_FILE_SETTINGS.bigFileReadings[scale], 9);
      await suite.upload(key, jsonArray(rows));
      await suite.waitQuiet(scale === 'bench' ? LARGE_FILE_SETTINGS.benchQuietTimeoutMs : undefined);
      return [{ key, stored: rows, rejected: 0 }];
    },
  },
  {
    name: 'slow-co-batched',
    fault: `a slow message (a big file: test ${formatCount(LARGE_FILE_SETTINGS.slowFileReadings.test)} readings, bench ${formatCount(LARGE_FILE_SETTINGS.slowFileReadings.bench)}) in one batch with 5 healthy files`,
    needsProcessorWork: true,
    // One poller: the runtime's first receive takes all six waiting messages, not one poller
    // some and another the rest (the batch's makeup is this case's premise, checked below).
    options: (scale) => {
      const options = largeFileOptions(scale);
      return {
        ...options,
        settings: { processor: { ...options.settings?.processor, maximumConcurrency: 1 } },
      };
    },
    run: async (suite, scale) => {
      const slowKey = 'readings/slow/big.json';
      const slow = readings('slow', LARGE_FILE_SETTINGS.slowFileReadings[scale], 9);
      const healthy = files('healthy', 5, 100);
      // All six notifications wait on the queue while the runtime is stopped, so that its first
      // receive takes them in one batch (checked below from the log lines: the healthy files
      // must be ingested by that invocation and no other).
      await suite.waitQuiet();
      await suite.stopRuntime();
      await suite.upload(slowKey, jsonArray(slow));
      const expectations = await uploadAll(suite, healthy);
      // S3's notifications reach the queue in a moment; none may be in flight (received by nobody).
      let depth = await suite.queueDepth();
      for (let tries = 0; tries < 10 && depth.waiting < healthy.length + 1 && depth.inFlight === 0; tries++) {
        await new Promise((resolve) => setTimeout(resolve, 500));
        depth = await suite.queueDepth();
      }
      if (depth.waiting !== healthy.length + 1 || depth.inFlight !== 0) {
        throw new Error(
          `precondition failed: the queue holds ${depth.waiting} waiting and ${depth.inFlight} in-flight message(s) before the runtime starts, not ${healthy.length + 1} waiting`,
        );
      }
      await suite.startRuntime();
      await suite.waitQuiet();
      const [first] = suite.invocationsOf(slowKey);
      const apart = healthy.filter((file) => suite.invocationsOf(file.key).join() !== first);
      if (apart.length > 0) {
        throw new Error(
          `precondition failed: ${apart.length} healthy file(s) were not ingested by the slow file's first invocation alone`,
        );
      }
      return [{ key: slowKey, stored: slow, rejected: 0 }, ...expectations];
    },
  },
];

/** The large-file cases' suite: the feed off; at `test` scale a shorter processor timeout. */
function largeFileOptions(scale: SuiteScale): FaultSuiteOptions {
  return {
    alertFeed: ALERT_FEED.none,
    ...(scale === 'test'
      ? { settings: { processor: { timeoutSeconds: LARGE_FILE_SETTINGS.testTimeoutSeconds } } }
      : {}),
  };
}

/**
 * Runs one case on a fresh suite (its own emulator: no case sees another's faults or leftovers)
 * and counts the result.
 */
export async function runCase(
  start: (options: FaultSuiteOptions) => Promise<FaultSuite>,
  faultCase: FaultCase,
  scale: SuiteScale,
): Promise<CaseResult> {
  const suite = await start({ alertFeed: ALERT_FEED.readings, ...faultCase.options?.(scale) });
  try {
    const expectations = await faultCase.run(suite, scale);
    return {
      name: faultCase.name,
      fault: faultCase.fault,
      needsProcessorWork: faultCase.needsProcessorWork,
      alertFeed: suite.alertFeed,
      counts: await suite.count(expectations),
      activity: suite.activity(),
    };
  } finally {
    await suite.stop();
  }
}
