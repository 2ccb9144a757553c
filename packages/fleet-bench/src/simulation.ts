import { Logger } from '@aws-lambda-powertools/logger';
import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { DeleteMessageBatchCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { AlerterStore, parseAlerterEnvironment, ReadingSamples, runAlerter } from '@energy/alerter';
import { CostMeter, type MeterReading, stackTables } from '@energy/cost-meter';
import { parseGeneratorEnvironment } from '@energy/generator/src/environment.js';
import { runTick } from '@energy/generator/src/runTick.js';
import {
  createStackClients,
  functionDefinitions,
  type LocalStack,
  startLocalStack,
} from '@energy/local-stack';
import { parseSummarizerEnvironment, runSummarizer, SummaryTable } from '@energy/summarizer';
import { alertTag } from './alertLedger.js';
import { FLEET_BENCH } from './constants.js';
import { floorProcessMessage, isS3Notification, notificationKeys } from './floorProcessor.js';
import { dynamoProbe } from './probe.js';
import { bindProcessor } from './processorAdapter.js';

/** `pipeline`: the processor as it is (summary upkeep and alerts included). `floor`: read, parse, store, nothing more. */
type FleetVariant = 'pipeline' | 'floor';

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
  /** Ticks measured (after the warm-up ticks). */
  ticks: number;
  /** Ticks asked for; more than `ticks` when the time budget cut the run short. */
  ticksRequested: number;
  /** Readings stored in the measured ticks. */
  readings: number;
  /** Of which anomalous. */
  anomalies: number;
  /** Requests and DynamoDB capacity counted in the measured ticks. */
  meter: MeterReading;
  /** Lambda usage of the processor and, in the pipeline, the summarizer and the alerter. */
  lambdas: Partial<Record<'processor' | 'summarizer' | 'alerter', LambdaUsage>>;
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
  /** Whether the summarizer and the alerter ran (the pipeline variant). */
  summarizer: boolean;
};

/** Options of {@link runFleet}. */
export type FleetRunOptions = {
  /** Sites per tick. */
  sites: number;
  /** Ticks to measure after the warm-up ticks. */
  ticks: number;
  /** Ticks run and left out first (default `FLEET_BENCH.warmupTicks`). */
  warmupTicks?: number;
  /** Which pipeline. */
  variant: FleetVariant;
  /** Stop after the measured tick that crosses this wall time since the warm-up ended (at least `FLEET_BENCH.minTicks` ticks). */
  budgetMs?: number;
  /** Progress lines. */
  log?: (line: string) => void;
};

/** A scheduled function's run at a simulated time. */
type ScheduledRun = (nowMs: number) => Promise<void>;

/**
 * Binds the summarizer (summary upkeep off the hot path, on its own schedule) to the metered
 * document client and the simulated clock, with the environment the stack gives it.
 */
function bindSummarizer(
  definitions: ReturnType<typeof functionDefinitions>,
  clients: ReturnType<typeof createStackClients>,
  logger: Logger,
): ScheduledRun {
  const config = parseSummarizerEnvironment(definitions.summarizer.environment);
  const table = new SummaryTable(clients.documentClient, config.summaryTable);
  return async (nowMs) => {
    await runSummarizer({ table, logger, now: () => nowMs });
  };
}

/**
 * Binds the alerter (alert state, silent sites, digest; its own schedule) to the metered
 * clients and the simulated clock. Its messages are counted on the metered SNS client.
 */
function bindAlerter(
  definitions: ReturnType<typeof functionDefinitions>,
  clients: ReturnType<typeof createStackClients>,
  logger: Logger,
): ScheduledRun {
  const config = parseAlerterEnvironment(definitions.alerter.environment);
  const store = new AlerterStore(clients.documentClient, config.summaryTable);
  const samples = new ReadingSamples(clients.documentClient, config.readingsTable);
  return async (nowMs) => {
    await runAlerter({
      store,
      samples,
      sns: clients.sns,
      topicArn: config.alertTopicArn,
      settings: config.settings,
      logger,
      now: () => nowMs,
    });
  };
}

async function countItems(stack: LocalStack, table: string): Promise<number> {
  // DescribeTable's ItemCount, not a paged Scan: moto computes ItemCount live (DynamoDB only
  // every ~6 hours, which is why this is a harness-only check), while moto pages a Scan by
  // walking the table from its start for every page, quadratic in the items: counting the
  // 360,000 readings of a 10,000-site run took over ten minutes.
  const { Table } = await stack.clients.dynamodb.send(new DescribeTableCommand({ TableName: table }));
  return Table?.ItemCount ?? 0;
}

/** Minutes of a `rate(N minutes)` / `rate(1 hour)` schedule expression. */
export function rateMinutes(expression: string): number {
  const match = /^rate\((\d+) (minute|minutes|hour|hours)\)$/.exec(expression);
  if (!match) throw new Error(`not a rate() schedule expression in minutes or hours: ${expression}`);
  return Number(match[1]) * (match[2]?.startsWith('hour') ? 60 : 1);
}

const silentLogger = () => new Logger({ serviceName: 'fleet-bench', logLevel: 'CRITICAL' });

/**
 * Runs the pipeline for `sites` sites over warm-up ticks and `ticks` measured five-minute
 * ticks of simulated time, in this process, against a private moto: the generator's
 * `runTick` writes each file to S3; S3 notifies the real SQS queue; each received batch is
 * one processor invocation (`processMessage` per message, or the floor's writer), then
 * deleted; the summarizer and the alerter run on their schedules. Every client is metered;
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
    // The pipeline's scheduled functions, each every `rate(N minutes)` / tick length ticks.
    const scheduled =
      options.variant === 'pipeline'
        ? (['summarizer', 'alerter'] as const).map((kind) => ({
            kind,
            run:
              kind === 'summarizer'
                ? bindSummarizer(definitions, clients, logger)
                : bindAlerter(definitions, clients, logger),
            everyTicks: Math.max(
              1,
              Math.round(rateMinutes(stack.settings[kind].scheduleExpression) / FLEET_BENCH.tickMinutes),
            ),
          }))
        : [];
    const lambdas: FleetRun['lambdas'] = {
      processor: { invocations: 0, billedMs: 0, memoryMb: stack.settings.processor.memoryMb },
    };
    for (const { kind } of scheduled) {
      lambdas[kind] = { invocations: 0, billedMs: 0, memoryMb: stack.settings[kind].memoryMb };
    }
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
    const warmupTicks = Math.max(1, options.warmupTicks ?? FLEET_BENCH.warmupTicks);
    let measuredFrom = performance.now();
    for (let tick = -warmupTicks; tick < options.ticks; tick++) {
      const fileTime = startMs + tick * tickMs;
      simulatedNow = fileTime;
      const tickStarted = performance.now();
      const result = await runTick({ s3: clients.s3, config: generatorConfig, logger }, fileTime);
      generated += result.count;
      simulatedNow = fileTime + FLEET_BENCH.processingDelaySeconds * 1_000;
      await processTick(result.key);
      const phases = [`processor ${((performance.now() - tickStarted) / 1_000).toFixed(1)} s`];
      for (const { kind, run, everyTicks } of scheduled) {
        if ((tick + 1) % everyTicks !== 0) continue;
        const runStarted = performance.now();
        await run(simulatedNow);
        const usage = lambdas[kind] as LambdaUsage;
        usage.invocations++;
        usage.billedMs += Math.ceil(performance.now() - runStarted);
        phases.push(`${kind} ${((performance.now() - runStarted) / 1_000).toFixed(1)} s`);
      }
      // A slow tick (large fleets on the emulator) gets its own progress line, with where the time went.
      if (performance.now() - tickStarted > FLEET_BENCH.slowTickSeconds * 1_000)
        log(
          `${options.variant} ${options.sites} sites: ${tick < 0 ? 'warm-up ' : ''}tick ${tick < 0 ? tick + warmupTicks + 1 : measured + 1}: ${phases.join(', ')}`,
        );
      if (tick < 0) {
        const warmed = tick + warmupTicks + 1;
        if (warmed % 6 === 0)
          log(`${options.variant} ${options.sites} sites: warm-up tick ${warmed}/${warmupTicks}`);
        if (tick < -1) continue;
        // Warm-up done: the test event, first connections, cold caches and the fresh fleet's
        // burst of alert openings stay out of the figures.
        meter.reset();
        readings = 0;
        anomalies = 0;
        notificationSends = 0;
        for (const usage of Object.values(lambdas)) {
          usage.invocations = 0;
          usage.billedMs = 0;
        }
        measuredFrom = performance.now();
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
        performance.now() - measuredFrom > options.budgetMs
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
      summarizer: scheduled.length > 0,
    };
  } finally {
    clients.destroy();
    await stack.stop();
  }
}
