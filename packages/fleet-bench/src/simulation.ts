import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Logger } from '@aws-lambda-powertools/logger';
import { ScanCommand } from '@aws-sdk/client-dynamodb';
import { DeleteMessageBatchCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { CostMeter, type MeterReading, stackTables } from '@energy/cost-meter';
import { parseGeneratorEnvironment } from '@energy/generator/src/environment.js';
import { runTick } from '@energy/generator/src/runTick.js';
import {
  createStackClients,
  functionDefinitions,
  type LocalStack,
  REPOSITORY_ROOT,
  startLocalStack,
} from '@energy/local-stack';
import { alertTag } from './alertLedger.js';
import { FLEET_BENCH } from './constants.js';
import { floorProcessMessage, isS3Notification, notificationKeys } from './floorProcessor.js';
import { dynamoProbe } from './probe.js';
import { bindProcessor } from './processorAdapter.js';

/** `pipeline`: the processor as it is (summary upkeep and alerts included). `floor`: read, parse, store, nothing more. */
export type FleetVariant = 'pipeline' | 'floor';

/** A Lambda function's billed usage in a run. */
export type LambdaUsage = {
  /** Invocations. */
  invocations: number;
  /** Billed duration, ms: each invocation's measured wall time rounded up to the millisecond. */
  billedMs: number;
  /** Configured memory, MB (`STACK_SETTINGS`). */
  memoryMb: number;
};

/** What one fleet size cost, measured. */
export type FleetRun = {
  /** Sites per tick. */
  sites: number;
  /** Which pipeline. */
  variant: FleetVariant;
  /** Table names of the run's stack, to put the capacity lines in their components. */
  tables: { readings: string; summary: string };
  /** Ticks measured (after the warm-up tick). */
  ticks: number;
  /** Ticks asked for; more than `ticks` when the time budget cut the run short. */
  ticksRequested: number;
  /** Readings stored in the measured ticks. */
  readings: number;
  /** Of which anomalous. */
  anomalies: number;
  /** Requests and DynamoDB capacity counted in the measured ticks. */
  meter: MeterReading;
  /** Lambda usage of the processor and, when it runs, the summarizer. */
  lambdas: Partial<Record<'processor' | 'summarizer', LambdaUsage>>;
  /** SQS sends made by S3 for its notifications (inside moto, invisible to the SDK; counted from the messages received). */
  notificationSends: number;
  /** Readings in the table at the end, over every tick: checks that nothing was lost. */
  storedInTable: number;
  /** Readings the generator wrote over every tick (warm-up included). */
  generated: number;
  /** Wall time of the run, ms. */
  wallMs: number;
  /** Per-tick lag from file written to file processed, ms (measured ticks). */
  tickLagMs: number[];
  /** Whether the summarizer ran (it exists on this branch). */
  summarizer: boolean;
};

/** Options of {@link runFleet}. */
export type FleetRunOptions = {
  /** Sites per tick. */
  sites: number;
  /** Ticks to measure after the warm-up tick. */
  ticks: number;
  /** Which pipeline. */
  variant: FleetVariant;
  /** Stop after the tick that crosses this wall time (at least `FLEET_BENCH.minTicks` ticks). */
  budgetMs?: number;
  /** Progress lines. */
  log?: (line: string) => void;
};

/** The summarizer's scheduled entry, when `apps/summarizer` exists on this branch. */
type SummarizerRun = (nowMs: number) => Promise<void>;

const SUMMARIZER_ENTRY = join(REPOSITORY_ROOT, 'apps', 'summarizer', 'src', 'index.ts');

/**
 * Binds the summarizer (the summary upkeep that runs off the hot path, on its own schedule)
 * when its package exists on this branch; undefined otherwise. It gets the same metered
 * document client as the processor, and the simulated clock.
 */
async function loadSummarizer(
  stack: LocalStack,
  clients: ReturnType<typeof createStackClients>,
  logger: Logger,
): Promise<SummarizerRun | undefined> {
  if (!existsSync(SUMMARIZER_ENTRY)) return undefined;
  const module = (await import(pathToFileURL(SUMMARIZER_ENTRY).href)) as Record<string, unknown>;
  const parse = module.parseSummarizerEnvironment as
    | ((env: NodeJS.ProcessEnv) => { summaryTable: string })
    | undefined;
  const run = module.runSummarizer as ((deps: unknown) => Promise<unknown>) | undefined;
  const Table = module.SummaryTable as (new (ddb: unknown, table: string) => unknown) | undefined;
  if (!parse || !run || !Table) {
    throw new Error(
      `${SUMMARIZER_ENTRY} does not export parseSummarizerEnvironment, runSummarizer and SummaryTable: update packages/fleet-bench/src/simulation.ts`,
    );
  }
  const definitions = functionDefinitions(stack.names, stack.settings, stack.resources) as unknown as Record<
    string,
    { environment: Record<string, string> } | undefined
  >;
  const config = parse(definitions.summarizer?.environment ?? { SUMMARY_TABLE: stack.names.summaryTable });
  const table = new Table(clients.documentClient, config.summaryTable);
  return async (nowMs) => {
    await run({ table, logger, now: () => nowMs });
  };
}

async function countItems(stack: LocalStack, table: string): Promise<number> {
  let total = 0;
  let start: Record<string, never> | undefined;
  do {
    const page = await stack.clients.dynamodb.send(
      new ScanCommand({ TableName: table, Select: 'COUNT', ExclusiveStartKey: start }),
    );
    total += page.Count ?? 0;
    start = page.LastEvaluatedKey as typeof start;
  } while (start);
  return total;
}

/** Minutes of a `rate(N minutes)` / `rate(1 hour)` schedule expression. */
export function rateMinutes(expression: string): number {
  const match = /^rate\((\d+) (minute|minutes|hour|hours)\)$/.exec(expression);
  if (!match) throw new Error(`not a rate() schedule expression in minutes or hours: ${expression}`);
  return Number(match[1]) * (match[2]?.startsWith('hour') ? 60 : 1);
}

const silentLogger = () => new Logger({ serviceName: 'fleet-bench', logLevel: 'CRITICAL' });

/**
 * Runs the pipeline for `sites` sites over one warm-up tick and `ticks` measured five-minute
 * ticks of simulated time, in this process, against a private moto: the generator's
 * `runTick` writes each file to S3; S3 notifies the real SQS queue; each received batch is
 * one processor invocation (`processMessage` per message, or the floor's writer), then
 * deleted; the summarizer (when it exists) runs on its schedule. Every client is metered;
 * the meter is reset after the warm-up, so the `s3:TestEvent` and cold caches stay out.
 *
 * @example
 * const run = await runFleet({ sites: 1_000, ticks: 24, variant: 'pipeline' });
 */
export async function runFleet(options: FleetRunOptions): Promise<FleetRun> {
  const log = options.log ?? (() => undefined);
  const started = performance.now();
  const stack = await startLocalStack({ endpoint: null, prefix: 'energy-fleet' });
  const clients = createStackClients(stack.endpoint, stack.region);
  try {
    const meter = new CostMeter({
      tables: stackTables(stack.names, stack.settings.tables.anomalyIndexProjection),
      tag: alertTag,
      probe: dynamoProbe(stack.clients.dynamodb),
    });
    for (const client of [clients.s3, clients.sqs, clients.sns, clients.dynamodb]) meter.attach(client);
    const definitions = functionDefinitions(stack.names, stack.settings, stack.resources, {
      siteCount: options.sites,
      seed: FLEET_BENCH.seed,
    });
    const generatorConfig = parseGeneratorEnvironment(definitions.generator.environment);
    const logger = silentLogger();
    const summarizer =
      options.variant === 'pipeline' ? await loadSummarizer(stack, clients, logger) : undefined;
    const summarizerEveryTicks = Math.max(
      1,
      Math.round(rateMinutes(stack.settings.summarizer.scheduleExpression) / FLEET_BENCH.tickMinutes),
    );
    const lambdas: FleetRun['lambdas'] = {
      processor: { invocations: 0, billedMs: 0, memoryMb: stack.settings.processor.memoryMb },
      ...(summarizer
        ? {
            summarizer: {
              invocations: 0,
              billedMs: 0,
              memoryMb: stack.settings.summarizer.memoryMb,
            },
          }
        : {}),
    };
    const startMs = Date.parse(FLEET_BENCH.startTime);
    const tickMs = FLEET_BENCH.tickMinutes * 60_000;
    let simulatedNow = startMs;
    const runProcessor = bindProcessor({
      s3: clients.s3,
      ddb: clients.documentClient,
      sns: clients.sns,
      sqs: clients.sqs,
      environment: definitions.processor.environment,
      logger,
      now: () => simulatedNow,
    });

    let readings = 0;
    let anomalies = 0;
    let notificationSends = 0;
    let generated = 0;
    const tickLagMs: number[] = [];

    const processTick = async (key: string): Promise<void> => {
      let seen = false;
      for (;;) {
        const { Messages = [] } = await clients.sqs.send(
          new ReceiveMessageCommand({
            QueueUrl: stack.queueUrl,
            MaxNumberOfMessages: Math.min(FLEET_BENCH.receiveMax, stack.settings.processor.batchSize),
            // Long-poll until the tick's file is announced, then drain what else it caused (continuations).
            WaitTimeSeconds: seen ? 0 : 1,
          }),
        );
        if (Messages.length === 0) {
          if (seen) return;
          continue;
        }
        const invocationStarted = performance.now();
        for (const message of Messages) {
          const body = message.Body ?? '';
          // S3's sends happen inside moto, unseen by the SDK: count one per notification received. Other
          // messages (the processor's continuations) were sent through the metered client already.
          if (isS3Notification(body)) {
            notificationSends++;
            meter.addRequests({
              service: 'SQS',
              operation: 'SendMessage (S3 notification)',
              resource: stack.queueUrl,
              requests: 1,
              billed: 1,
            });
          }
          if (notificationKeys(body).some((ref) => ref.key === key)) seen = true;
          if (options.variant === 'floor') {
            const outcome = await floorProcessMessage(
              { s3: clients.s3, ddb: clients.documentClient },
              stack.names.readingsTable,
              body,
              simulatedNow,
            );
            readings += outcome.stored;
            anomalies += outcome.anomalies;
          } else {
            const outcome = await runProcessor({ messageId: message.MessageId ?? '', body });
            readings += outcome.stored;
            anomalies += outcome.anomalies;
          }
        }
        const processor = lambdas.processor as LambdaUsage;
        processor.invocations++;
        processor.billedMs += Math.ceil(performance.now() - invocationStarted);
        await clients.sqs.send(
          new DeleteMessageBatchCommand({
            QueueUrl: stack.queueUrl,
            Entries: Messages.map((message, index) => ({
              Id: String(index),
              ReceiptHandle: message.ReceiptHandle,
            })),
          }),
        );
      }
    };

    let measured = 0;
    for (let tick = -1; tick < options.ticks; tick++) {
      const fileTime = startMs + tick * tickMs;
      simulatedNow = fileTime;
      const tickStarted = performance.now();
      const result = await runTick({ s3: clients.s3, config: generatorConfig, logger }, fileTime);
      generated += result.count;
      simulatedNow = fileTime + FLEET_BENCH.processingDelaySeconds * 1_000;
      await processTick(result.key);
      if (summarizer && (tick + 1) % summarizerEveryTicks === 0) {
        const run = performance.now();
        await summarizer(simulatedNow);
        const usage = lambdas.summarizer as LambdaUsage;
        usage.invocations++;
        usage.billedMs += Math.ceil(performance.now() - run);
      }
      if (tick === -1) {
        // Warm-up done: the test event, first connections and cold caches stay out of the figures.
        meter.reset();
        readings = 0;
        anomalies = 0;
        notificationSends = 0;
        for (const usage of Object.values(lambdas)) {
          usage.invocations = 0;
          usage.billedMs = 0;
        }
        continue;
      }
      measured++;
      tickLagMs.push(performance.now() - tickStarted);
      if (measured % 6 === 0 || measured === options.ticks) {
        log(
          `${options.variant} ${options.sites} sites: tick ${measured}/${options.ticks}, ${readings} readings, ${((performance.now() - started) / 1000).toFixed(0)} s`,
        );
      }
      if (
        options.budgetMs !== undefined &&
        measured >= FLEET_BENCH.minTicks &&
        performance.now() - started > options.budgetMs
      ) {
        log(
          `${options.variant} ${options.sites} sites: over the time budget after ${measured} ticks, stopping`,
        );
        break;
      }
    }
    const meterReading = meter.reading();
    return {
      sites: options.sites,
      variant: options.variant,
      tables: { readings: stack.names.readingsTable, summary: stack.names.summaryTable },
      ticks: measured,
      ticksRequested: options.ticks,
      readings,
      anomalies,
      meter: meterReading,
      lambdas,
      notificationSends,
      storedInTable: await countItems(stack, stack.names.readingsTable),
      generated,
      wallMs: performance.now() - started,
      tickLagMs,
      summarizer: summarizer !== undefined,
    };
  } finally {
    clients.destroy();
    await stack.stop();
  }
}
