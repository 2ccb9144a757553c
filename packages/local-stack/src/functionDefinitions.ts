import { join } from 'node:path';
import type { ResourceNames } from '@energy/config';
import { emulatorEnv } from './clients.js';
import { REPOSITORY_ROOT } from './moto.js';
import type { ProvisionedResources } from './provision.js';
import type { StackSettings } from './settings.js';

/** The project's functions. */
export const FUNCTION_KINDS = ['generator', 'processor', 'api', 'summarizer', 'alerter'] as const;

/** One of {@link FUNCTION_KINDS}. */
export type FunctionKind = (typeof FUNCTION_KINDS)[number];

/** Namespace of the processor's custom metrics (Terraform's alarms read it). */
const METRICS_NAMESPACE = 'EnergyTelemetry';

/** A function as Terraform deploys it: name, bundle, limits and its own environment. */
export type FunctionDefinition = {
  /** Which function. */
  kind: FunctionKind;
  /** Function name. */
  name: string;
  /** Built zip. */
  bundle: string;
  /** Handler setting. */
  handler: string;
  /** Timeout, seconds. */
  timeoutSeconds: number;
  /** Memory, MB. */
  memoryMb: number;
  /**
   * The variables the function reads, exactly those listed in `apps/<fn>/src/environment.ts`
   * (a test compares them). The emulator's endpoint and credentials are added by
   * {@link localEnvironment}, not here: on AWS they do not exist.
   */
  environment: Record<string, string>;
};

/** Choices of a local run that change what the functions do. */
export type FunctionOptions = {
  /** Sites the generator simulates. Default `STACK_SETTINGS.generator.siteCount`. */
  siteCount?: number;
  /** Generator seed, for reproducible data; unset = random. */
  seed?: string;
  /** Powertools log level. Default `INFO`. */
  logLevel?: string;
  /** Directory holding `apps/`; default the repository root. */
  root?: string;
  /**
   * Seconds between a site's readings as the alerter should assume them: the demo's tick
   * (`RATE_SECONDS`) instead of the deployed 5 minutes. The alerter's other periods (settle,
   * quiet, re-notify, digest) scale with it, so the demo shows in seconds what the stage does
   * in minutes and hours. Default `STACK_SETTINGS.alerter.intervalSeconds` (nothing scaled).
   */
  alertIntervalSeconds?: number;
};

/**
 * The alerter's environment (ALERTER_ENVIRONMENT_VARIABLES in apps/alerter/src/environment.ts,
 * as infra/main.tf sets it), its periods scaled by `intervalSeconds / settings.alerter.intervalSeconds`.
 */
function alerterSettings(
  settings: StackSettings,
  intervalSeconds: number | undefined,
): Record<string, string> {
  const { alerter } = settings;
  const scale = (intervalSeconds ?? alerter.intervalSeconds) / alerter.intervalSeconds;
  const seconds = (value: number, least: number) => String(Math.max(least, Math.round(value * scale)));
  return {
    ALERT_INTERVAL_SECONDS: seconds(alerter.intervalSeconds, 1),
    ALERT_SILENT_AFTER_INTERVALS: String(alerter.silentAfterIntervals),
    ALERT_QUIET_SECONDS: seconds(alerter.quietSeconds, 1),
    ALERT_SETTLE_SECONDS: seconds(alerter.settleSeconds, 0),
    // 0 (off) stays 0.
    ALERT_RENOTIFY_SECONDS: seconds(alerter.renotifySeconds, 0),
    // The alerter refuses digests more often than once a minute (apps/alerter/src/environment.ts).
    ALERT_DIGEST_SECONDS: seconds(alerter.digestSeconds, 60),
  };
}

/**
 * Every function's definition, its environment built from the shared names, settings and the
 * provisioned resources: the one place where the local stack decides what a function sees.
 *
 * @example
 * const { processor } = functionDefinitions(stack.names, stack.settings, stack.resources);
 */
export function functionDefinitions(
  names: ResourceNames,
  settings: StackSettings,
  resources: Pick<ProvisionedResources, 'topicArn'> & Partial<Pick<ProvisionedResources, 'queueUrl'>>,
  options: FunctionOptions = {},
): Record<FunctionKind, FunctionDefinition> {
  const root = options.root ?? REPOSITORY_ROOT;
  const bundle = (kind: FunctionKind) => join(root, 'apps', kind, 'dist', `${kind}.zip`);
  const powertools = (service: string, metrics: boolean) => ({
    // As on AWS (infra/main.tf): logs and metrics carry the same service name in both places.
    POWERTOOLS_SERVICE_NAME: `energy-${service}`,
    POWERTOOLS_LOG_LEVEL: options.logLevel ?? 'INFO',
    ...(metrics ? { POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE } : {}),
  });
  return {
    generator: {
      kind: 'generator',
      name: names.generatorFunction,
      bundle: bundle('generator'),
      handler: 'index.handler',
      timeoutSeconds: settings.generator.timeoutSeconds,
      memoryMb: settings.generator.memoryMb,
      environment: {
        RAW_BUCKET: names.bucket,
        KEY_PREFIX: settings.storage.rawPrefix,
        SITE_COUNT: String(options.siteCount ?? settings.generator.siteCount),
        ANOMALY_PROBABILITY: String(settings.generator.anomalyProbability),
        ...(options.seed === undefined ? {} : { SEED: options.seed }),
        ...powertools('generator', false),
      },
    },
    processor: {
      kind: 'processor',
      name: names.processorFunction,
      bundle: bundle('processor'),
      handler: 'index.handler',
      timeoutSeconds: settings.processor.timeoutSeconds,
      memoryMb: settings.processor.memoryMb,
      environment: {
        READINGS_TABLE: names.readingsTable,
        SUMMARY_TABLE: names.summaryTable,
        ALERT_TOPIC_ARN: resources.topicArn,
        // ALERT_FEED in apps/processor/src/constants.ts; Terraform's per_reading_alert_feed.
        ALERT_FEED: settings.processor.perReadingAlertFeed ? 'readings' : 'none',
        QUARANTINE_PREFIX: settings.storage.quarantinePrefix,
        MAX_FILE_BYTES: String(settings.processor.maxFileBytes),
        ...(resources.queueUrl ? { INGEST_QUEUE_URL: resources.queueUrl } : {}),
        ...powertools('processor', true),
      },
    },
    api: {
      kind: 'api',
      name: names.apiFunction,
      bundle: bundle('api'),
      handler: 'index.handler',
      timeoutSeconds: settings.api.timeoutSeconds,
      memoryMb: settings.api.memoryMb,
      environment: {
        READINGS_TABLE: names.readingsTable,
        SUMMARY_TABLE: names.summaryTable,
        // make stack/demo replace it with the emulator pool's settings (cli/localAuth.ts).
        API_AUTH: JSON.stringify({ mode: 'none' }),
      },
    },
    summarizer: {
      kind: 'summarizer',
      name: names.summarizerFunction,
      bundle: bundle('summarizer'),
      handler: 'index.handler',
      timeoutSeconds: settings.summarizer.timeoutSeconds,
      memoryMb: settings.summarizer.memoryMb,
      environment: {
        SUMMARY_TABLE: names.summaryTable,
        ...powertools('summarizer', false),
      },
    },
    alerter: {
      kind: 'alerter',
      name: names.alerterFunction,
      bundle: bundle('alerter'),
      handler: 'index.handler',
      timeoutSeconds: settings.alerter.timeoutSeconds,
      memoryMb: settings.alerter.memoryMb,
      environment: {
        SUMMARY_TABLE: names.summaryTable,
        READINGS_TABLE: names.readingsTable,
        ALERT_TOPIC_ARN: resources.topicArn,
        ...alerterSettings(settings, options.alertIntervalSeconds),
        ...powertools('alerter', false),
      },
    },
  };
}

/** A function's environment on the local stack: its own variables plus the emulator's endpoint, region and dummy credentials. */
export function localEnvironment(
  definition: FunctionDefinition,
  endpoint: string,
  region: string,
): Record<string, string> {
  return { ...definition.environment, ...emulatorEnv(endpoint, region) };
}
