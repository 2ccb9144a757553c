import { once } from 'node:events';
import { createWriteStream, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { LOCAL_STACK_DEFAULTS } from '../constants.js';
import { LocalStackError } from '../errors.js';
import { functionDefinitions } from '../functionDefinitions.js';
import { type LocalRuntime, startLocalRuntime } from '../runtime/startLocalRuntime.js';
import { type LocalStack, startLocalStack } from '../startLocalStack.js';
import { authLines, type StackAuthInfo, startLocalApiAuth } from './localAuth.js';
import type { CliOptions } from './options.js';
import { formatProgress, type Progress, readProgress, s3RecordCount } from './progress.js';
import { formatTickLatency, TickLatencyTracker } from './tickLatency.js';

/** What `.local/stack.json` holds while the stack runs. */
export type StackInfo = {
  /** `stack` or `demo`. */
  mode: CliOptions['mode'];
  /** Process id of the CLI (Ctrl-C or SIGTERM it to stop everything). */
  pid: number;
  /** When it became ready. */
  startedAt: string;
  /** Emulator endpoint. */
  endpoint: string;
  /** Region. */
  region: string;
  /** Resource prefix. */
  prefix: string;
  /** HTTP API base URL. */
  apiUrl: string | undefined;
  /** Dashboard URL (served by the api function). */
  dashboardUrl: string | undefined;
  /** Emulator started by the CLI (none when `AWS_ENDPOINT_URL` was used). */
  emulator: { pid: number; port: number } | null;
  /** Every resource's name, URL and ARN. */
  resources: LocalStack['resources'];
  /** Function names and bundles. */
  functions: Record<string, { name: string; arn: string; bundle: string }>;
  /** The alerter's schedule: its name, how often it runs locally, and the settings it runs with. */
  alerter: { schedule: string; rateSeconds: number; environment: Record<string, string> } | null;
  /** Variables that point the AWS CLI or an SDK at the emulator. */
  env: Record<string, string>;
  /** Log files. */
  logs: { emulator: string | null; functions: string | null };
  /** API authorization: the demo user and how to sign in, or none. */
  auth: StackAuthInfo;
};

/** A running `make stack` / `make demo`. */
export type RunningLocalStack = {
  /** What was written to stack.json. */
  info: StackInfo;
  /** The provisioned stack. */
  stack: LocalStack;
  /** The runtime. */
  runtime: LocalRuntime;
  /** Seconds from start to the first stored reading, once there is one. */
  firstReadingSeconds: () => number | undefined;
  /** Demo mode: each tick file followed from written to processed (the "keeps up" check). */
  ticks: TickLatencyTracker;
  /** Stops everything and removes stack.json; safe to call twice. */
  stop: () => Promise<void>;
};

async function assertPortFree(port: number, what: string, variable: string): Promise<void> {
  if (port === 0) return;
  const server = createServer();
  server.listen(port, '127.0.0.1');
  try {
    await Promise.race([
      once(server, 'listening'),
      once(server, 'error').then(([error]) => {
        throw error;
      }),
    ]);
  } catch (error) {
    throw new LocalStackError(
      `${what} port ${port} on 127.0.0.1 is in use (${(error as NodeJS.ErrnoException).code}); ` +
        `stop whatever holds it or choose another with ${variable}=<port>`,
    );
  } finally {
    server.close();
  }
}

/**
 * Starts the emulator (or uses `AWS_ENDPOINT_URL`), provisions the stack and runs the
 * processor behind the SQS event source and the api over HTTP — plus, in `demo` mode, the
 * generator on its schedule. Writes `.local/stack.json` when ready, then prints progress.
 */
export async function runLocalStack(
  options: CliOptions,
  print: (line: string) => void,
): Promise<RunningLocalStack> {
  const started = performance.now();
  const logsDir = join(options.stateDir, 'logs');
  mkdirSync(logsDir, { recursive: true });
  const infoFile = join(options.stateDir, 'stack.json');
  if (!options.endpoint) await assertPortFree(options.emulatorPort, 'emulator', 'EMULATOR_PORT');
  await assertPortFree(options.apiPort, 'API', 'PORT');

  const emulatorLog = join(logsDir, 'emulator.log');
  const stack = await startLocalStack({
    prefix: options.prefix,
    endpoint: options.endpoint ?? null,
    port: options.emulatorPort,
    logFile: emulatorLog,
  });
  const functionsLog = options.verbose ? null : join(logsDir, 'functions.log');
  const output = functionsLog ? createWriteStream(functionsLog, { flags: 'a' }) : undefined;
  const auth = await startLocalApiAuth(stack, options.auth).catch(async (error: unknown) => {
    await stack.stop();
    throw error;
  });
  let runtime: LocalRuntime;
  try {
    runtime = await startLocalRuntime(stack, {
      ...auth.runtimeOptions,
      cloudWatchLogs: true,
      processor: true,
      api: true,
      generator: options.mode === 'demo',
      summarizer: true,
      // The alerter runs once per tick, as deployed; in the demo its periods follow the tick
      // (silent after 3 ticks, not 15 minutes). `make stack` keeps the deployed periods.
      alerter: true,
      alerterRateSeconds: options.rateSeconds,
      ...(options.mode === 'demo' ? { alertIntervalSeconds: options.rateSeconds } : {}),
      apiPort: options.apiPort,
      rateSeconds: options.rateSeconds,
      ...(options.sites === undefined ? {} : { siteCount: options.sites }),
      ...(options.seed === undefined ? {} : { seed: options.seed }),
      ...(options.appsRoot === undefined ? {} : { root: options.appsRoot }),
      ...(output ? { output } : {}),
    });
  } catch (error) {
    output?.end();
    await auth.stop();
    await stack.stop();
    throw error;
  }
  if (runtime.http) auth.addCallbackUrl(runtime.http.url);

  let filesProcessed = 0;
  const ticks = new TickLatencyTracker(options.rateSeconds, (tick) => print(formatTickLatency(tick)));
  runtime.eventSource?.on('batch', (outcome) => {
    const failed = new Set(outcome.failedMessageIds);
    const acknowledged = outcome.records
      .filter((record) => !failed.has(record.messageId))
      .map((record) => record.body);
    filesProcessed += s3RecordCount(acknowledged);
    ticks.processed(acknowledged, outcome.durationMs);
    if (outcome.error) print(`processor: batch of ${outcome.size} failed: ${outcome.error.message}`);
    else if (outcome.failed > 0)
      print(`processor: ${outcome.failed} of ${outcome.size} messages failed, left for retry`);
  });
  runtime.eventSource?.on('error', (error) => print(`event source: ${error.message}`));
  runtime.schedule?.on('run', (run) => {
    if (run.error) print(`generator: run failed: ${run.error.message}`);
    else ticks.written(run.result, run.durationMs);
  });
  runtime.summarizerSchedule?.on('run', (run) => {
    if (run.error) print(`summarizer: run failed: ${run.error.message}`);
  });
  runtime.alerterSchedule?.on('run', (run) => {
    if (run.error) print(`alerter: run failed: ${run.error.message}`);
  });

  const definitions = functionDefinitions(stack.names, stack.settings, stack.resources, {
    ...(options.appsRoot === undefined ? {} : { root: options.appsRoot }),
    ...(options.mode === 'demo' ? { alertIntervalSeconds: options.rateSeconds } : {}),
  });
  const info: StackInfo = {
    mode: options.mode,
    pid: process.pid,
    startedAt: new Date().toISOString(),
    endpoint: stack.endpoint,
    region: stack.region,
    prefix: stack.prefix,
    apiUrl: runtime.http?.url,
    dashboardUrl: runtime.http ? `${runtime.http.url}/` : undefined,
    emulator: stack.moto ? { pid: stack.moto.pid, port: stack.moto.port } : null,
    resources: stack.resources,
    functions: Object.fromEntries(
      Object.entries(runtime.functions).map(([kind, fn]) => [
        kind,
        { name: fn.name, arn: fn.arn, bundle: definitions[kind as keyof typeof definitions].bundle },
      ]),
    ),
    alerter: runtime.alerterSchedule
      ? {
          schedule: stack.names.alerterSchedule,
          rateSeconds: options.rateSeconds,
          environment: definitions.alerter.environment,
        }
      : null,
    env: stack.env(),
    logs: { emulator: stack.moto ? emulatorLog : null, functions: functionsLog },
    auth: auth.info,
  };
  writeFileSync(infoFile, `${JSON.stringify(info, null, 2)}\n`);

  let firstReading: number | undefined;
  let last = '';
  let polling = false;
  const tick = async () => {
    if (polling) return;
    polling = true;
    try {
      const { timeouts = 0, retried = 0 } = runtime.eventSource?.stats ?? {};
      const progress: Progress = { filesProcessed, timeouts, retried, ...(await readProgress(stack)) };
      const elapsed = (performance.now() - started) / 1_000;
      if (firstReading === undefined && progress.readingsStored > 0) {
        firstReading = elapsed;
        print(`first reading stored ${elapsed.toFixed(1)} s after start`);
      }
      const line = formatProgress(progress, elapsed);
      if (line.slice(8) !== last) print(line);
      last = line.slice(8);
    } catch (error) {
      print(`progress: ${(error as Error).message}`);
    } finally {
      polling = false;
    }
  };
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const scheduleTick = (lastMs: number) => {
    if (stopped) return;
    const waitMs = Math.max(
      options.progressSeconds * 1_000,
      lastMs * LOCAL_STACK_DEFAULTS.progressWaitPerScan,
    );
    timer = setTimeout(async () => {
      const tickStarted = performance.now();
      await tick();
      scheduleTick(performance.now() - tickStarted);
    }, waitMs);
  };
  scheduleTick(0);

  let stopping: Promise<void> | undefined;
  return {
    info,
    stack,
    runtime,
    firstReadingSeconds: () => firstReading,
    ticks,
    stop: () => {
      stopping ??= (async () => {
        stopped = true;
        clearTimeout(timer);
        await runtime.stop();
        await auth.stop();
        await stack.stop();
        rmSync(infoFile, { force: true });
        if (output) await new Promise<void>((resolve) => output.end(() => resolve()));
      })();
      return stopping;
    },
  };
}

/** The lines printed once the stack is ready. */
export function readyMessage(info: StackInfo, infoFile: string): string[] {
  const r = info.resources;
  const lines = [
    '',
    `Local stack ready (${info.mode}) — details in ${infoFile}`,
    '',
    `  emulator        ${info.endpoint}${info.emulator ? ` (moto, pid ${info.emulator.pid})` : ' (existing endpoint)'}`,
    `  region          ${info.region}`,
    `  bucket          ${r.bucket}`,
    `  queue           ${r.queueUrl}`,
    `  dead letters    ${r.deadLetterQueueUrl}`,
    `  readings table  ${r.readingsTable}`,
    `  summary table   ${r.summaryTable}`,
    `  alert topic     ${r.topicArn}`,
    `  alert inbox     ${r.alertInboxUrl}`,
    `  schedule        ${r.scheduleName} (${info.mode === 'demo' ? 'fired locally' : 'not fired: make demo runs the generator'})`,
  ];
  if (info.alerter) {
    const env = info.alerter.environment;
    lines.push(
      `  alerter         ${info.alerter.schedule} (every ${info.alerter.rateSeconds} s locally): one message per state change on the alert topic,`,
      `                  silent after ${env.ALERT_SILENT_AFTER_INTERVALS} × ${env.ALERT_INTERVAL_SECONDS} s, resolved after ${env.ALERT_QUIET_SECONDS} s quiet, digest every ${env.ALERT_DIGEST_SECONDS} s`,
    );
  }
  if (info.apiUrl) {
    lines.push(`  API             ${info.apiUrl}   (OpenAPI docs: ${info.apiUrl}/docs)`);
    lines.push(`  dashboard       ${info.dashboardUrl}`);
  }
  if (info.logs.emulator) lines.push(`  emulator log    ${info.logs.emulator}`);
  if (info.logs.functions) lines.push(`  function logs   ${info.logs.functions}`);
  lines.push(...authLines(info.auth, info.endpoint, info.apiUrl));
  lines.push(
    '',
    'Point the AWS CLI at it:',
    `  export AWS_ENDPOINT_URL=${info.endpoint} AWS_REGION=${info.region} AWS_DEFAULT_REGION=${info.region} AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test`,
    `  aws --endpoint-url ${info.endpoint} s3 cp readings.json s3://${r.bucket}/site1/20250216T213043Z.json`,
    '',
    'Ctrl-C stops everything.',
    '',
  );
  return lines;
}
