import type { Writable } from 'node:stream';
import { createSqsClient } from '@energy/aws-clients/sqs';
import type { ResourceNames } from '@energy/config';
import { emulatorEnv, type StackClients } from '../clients.js';
import { DUMMY_CREDENTIALS } from '../constants.js';
import {
  type FunctionDefinition,
  type FunctionKind,
  type FunctionOptions,
  functionDefinitions,
} from '../functionDefinitions.js';
import type { ProvisionedResources } from '../provision.js';
import type { StackSettings } from '../settings.js';
import { CloudWatchLogsSink } from './cloudWatchLogsSink.js';
import { hostFunction } from './hostFunction.js';
import { type HttpApi, type HttpApiOptions, startHttpApi } from './httpApi.js';
import type { LocalLambda } from './LocalLambda.js';
import { ScheduleRunner } from './ScheduleRunner.js';
import { SqsEventSource } from './SqsEventSource.js';
import { SDK_NODE_WARNING_ENVIRONMENT, sdkNodeVersionNotice } from './sdkNodeWarning.js';

/** Seconds between local summarizer runs: short, so the demo's per-site views lag by seconds, not 15 minutes. */
const LOCAL_SUMMARIZER_RATE_SECONDS = 10;

/**
 * Seconds between local alerter runs when the generator's rate does not set them: the
 * deployed alerter runs once per generator tick (both `rate(5 minutes)`); locally it follows
 * the demo's tick the same way.
 */
const LOCAL_ALERTER_RATE_SECONDS = 5;

/** The parts of a provisioned stack the runtime needs (a {@link LocalStack} has them all). */
export type RuntimeStack = {
  /** Emulator endpoint. */
  endpoint: string;
  /** Region. */
  region: string;
  /** Resource names. */
  names: ResourceNames;
  /** Settings in force. */
  settings: StackSettings;
  /** Provisioned identifiers. */
  resources: ProvisionedResources;
  /** Clients bound to the emulator. */
  clients: StackClients;
};

/** What to run. */
export type LocalRuntimeOptions = FunctionOptions & {
  /** Run the processor behind the SQS event source. Default true. */
  processor?: boolean;
  /** Serve the api function over HTTP. Default true. */
  api?: boolean;
  /** Fire the generator on a schedule. Default false (`make stack`); `make demo` turns it on. */
  generator?: boolean;
  /** Port of the HTTP API; default 3000, 0 for a free one. */
  apiPort?: number;
  /** Route keys of the HTTP API; default `['$default']`. */
  apiRoutes?: string[];
  /** Seconds between generator runs. Default 5. */
  rateSeconds?: number;
  /**
   * Run the summarizer on a schedule (the deployed one runs every 15 minutes). Default: with the
   * generator (`make demo`), so per-site summaries fill in while the demo runs.
   */
  summarizer?: boolean;
  /** Seconds between summarizer runs. Default {@link LOCAL_SUMMARIZER_RATE_SECONDS}. */
  summarizerRateSeconds?: number;
  /**
   * Run the alerter on a schedule (the deployed one runs every 5 minutes, once per tick).
   * Default: with the generator (`make demo`).
   */
  alerter?: boolean;
  /** Seconds between alerter runs. Default `rateSeconds`, else {@link LOCAL_ALERTER_RATE_SECONDS}. */
  alerterRateSeconds?: number;
  /** Long-poll wait of the event source, seconds. Default the queue's `receiveWaitTimeSeconds`. */
  waitTimeSeconds?: number;
  /** Where the functions' logs go; default this process's stdout/stderr. */
  output?: Writable;
  /** Replaces a function's definition (tests use fixture bundles). */
  override?: Partial<Record<FunctionKind, Partial<FunctionDefinition>>>;
  /** Called after each HTTP request. */
  onRequest?: HttpApiOptions['onRequest'];
  /** JWT authorizer of the HTTP API and its routes (replaces `apiRoutes`); default none. */
  apiAuthorization?: HttpApiOptions['authorization'];
  /** CORS of the HTTP API; default none. */
  apiCors?: HttpApiOptions['cors'];
  /** Variables added to the api function's environment (`API_AUTH`). */
  apiEnvironment?: Record<string, string>;
  /** Also write each function's log lines to the emulator's `/aws/lambda/<function>` group. Default false. */
  cloudWatchLogs?: boolean;
};

/** A running local runtime. */
export type LocalRuntime = {
  /** The hosted functions, by kind (only those started). */
  functions: Partial<Record<FunctionKind, LocalLambda>>;
  /** The processor's event source, when started. */
  eventSource: SqsEventSource | undefined;
  /** The generator's schedule, when started. */
  schedule: ScheduleRunner | undefined;
  /** The summarizer's schedule, when started. */
  summarizerSchedule: ScheduleRunner | undefined;
  /** The alerter's schedule, when started. */
  alerterSchedule: ScheduleRunner | undefined;
  /** The HTTP API, when started. */
  http: HttpApi | undefined;
  /** Stops, in order: schedule, event source (waiting for running batches), HTTP, functions. */
  stop: () => Promise<void>;
};

/**
 * Runs the built functions against a provisioned stack, wired as on AWS: the processor behind
 * an SQS event source mapping with the shared batch settings and `ReportBatchItemFailures`,
 * the api behind an HTTP API, the generator on a schedule.
 *
 * @example
 * const stack = await startLocalStack();
 * const runtime = await startLocalRuntime(stack, { apiPort: 0 });
 * await runtime.stop();
 * await stack.stop();
 */
export async function startLocalRuntime(
  stack: RuntimeStack,
  options: LocalRuntimeOptions = {},
): Promise<LocalRuntime> {
  const definitions = functionDefinitions(stack.names, stack.settings, stack.resources, options);
  const closers: (() => void)[] = [];
  const sinks: CloudWatchLogsSink[] = [];
  const notice = sdkNodeVersionNotice();
  if (notice) (options.output ?? process.stderr).write(notice);
  const runtime: LocalRuntime = {
    functions: {},
    eventSource: undefined,
    schedule: undefined,
    summarizerSchedule: undefined,
    alerterSchedule: undefined,
    http: undefined,
    stop: async () => {
      await runtime.schedule?.stop();
      await runtime.summarizerSchedule?.stop();
      await runtime.alerterSchedule?.stop();
      await runtime.eventSource?.stop();
      await runtime.http?.close();
      await Promise.allSettled(Object.values(runtime.functions).map((fn) => fn.stop()));
      await Promise.allSettled(sinks.splice(0).map((sink) => sink.close()));
      for (const close of closers.splice(0)) close();
    },
  };
  const host = async (kind: FunctionKind, maxConcurrency: number) => {
    const definition = { ...definitions[kind], ...(options.override?.[kind] ?? {}) };
    definition.environment = {
      ...definition.environment,
      ...SDK_NODE_WARNING_ENVIRONMENT,
      ...(kind === 'api' ? options.apiEnvironment : {}),
    };
    const { endpoint, region } = stack;
    const logs = options.cloudWatchLogs
      ? await CloudWatchLogsSink.open({
          endpoint,
          region,
          functionName: definition.name,
          memoryMb: definition.memoryMb,
          echo: options.output ?? process.stdout,
        })
      : undefined;
    if (logs) sinks.push(logs);
    const fn = await hostFunction(stack, definition, {
      maxConcurrency,
      output: logs?.stream ?? options.output,
    });
    logs?.instrument(fn);
    runtime.functions[kind] = fn;
    return fn;
  };
  try {
    if (options.processor ?? true) {
      const { processor, queue } = stack.settings;
      const fn = await host('processor', processor.maximumConcurrency);
      const waitTimeSeconds = options.waitTimeSeconds ?? queue.receiveWaitTimeSeconds;
      // Long polls hold a request open for up to 20 s: give them a client whose timeout is longer.
      const sqs = createSqsClient(
        {
          credentials: { ...DUMMY_CREDENTIALS },
          requestHandler: { connectionTimeout: 3_000, requestTimeout: (waitTimeSeconds + 10) * 1_000 },
        },
        emulatorEnv(stack.endpoint, stack.region),
      );
      closers.push(() => sqs.destroy());
      runtime.eventSource = new SqsEventSource({
        sqs,
        queueUrl: stack.resources.queueUrl,
        queueArn: stack.resources.queueArn,
        region: stack.region,
        target: fn,
        batchSize: processor.batchSize,
        maximumBatchingWindowSeconds: processor.maximumBatchingWindowSeconds,
        maximumConcurrency: processor.maximumConcurrency,
        reportBatchItemFailures: true,
        waitTimeSeconds,
      }).start();
    }
    if (options.api ?? true) {
      const fn = await host('api', 10);
      runtime.http = await startHttpApi({
        target: fn,
        port: options.apiPort ?? 3000,
        accountId: stack.resources.accountId,
        ...(options.apiRoutes ? { routes: options.apiRoutes } : {}),
        ...(options.onRequest ? { onRequest: options.onRequest } : {}),
        ...(options.apiAuthorization ? { authorization: options.apiAuthorization } : {}),
        ...(options.apiCors ? { cors: options.apiCors } : {}),
      });
    }
    if (options.generator ?? false) {
      const fn = await host('generator', 1);
      runtime.schedule = new ScheduleRunner({
        target: fn,
        rateSeconds: options.rateSeconds ?? 5,
        scheduleArn: stack.resources.scheduleArn,
        region: stack.region,
        accountId: stack.resources.accountId,
        input: stack.settings.generator.scheduleInput,
      }).start();
    }
    if (options.summarizer ?? options.generator ?? false) {
      const fn = await host('summarizer', 1);
      runtime.summarizerSchedule = new ScheduleRunner({
        target: fn,
        rateSeconds: options.summarizerRateSeconds ?? LOCAL_SUMMARIZER_RATE_SECONDS,
        scheduleArn: `arn:aws:scheduler:${stack.region}:${stack.resources.accountId}:schedule/default/${stack.names.summarizerSchedule}`,
        region: stack.region,
        accountId: stack.resources.accountId,
        runAtStart: false,
      }).start();
    }
    if (options.alerter ?? options.generator ?? false) {
      const fn = await host('alerter', 1);
      runtime.alerterSchedule = new ScheduleRunner({
        target: fn,
        rateSeconds: options.alerterRateSeconds ?? options.rateSeconds ?? LOCAL_ALERTER_RATE_SECONDS,
        scheduleArn: `arn:aws:scheduler:${stack.region}:${stack.resources.accountId}:schedule/default/${stack.names.alerterSchedule}`,
        region: stack.region,
        accountId: stack.resources.accountId,
        runAtStart: false,
      }).start();
    }
  } catch (error) {
    await runtime.stop();
    throw error;
  }
  return runtime;
}
