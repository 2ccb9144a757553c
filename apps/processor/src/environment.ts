import {
  EnvironmentError,
  integerVariable,
  numberVariable,
  requireVariable,
  STACK_SETTINGS,
} from '@energy/config';
import { READING_LIMITS } from '@energy/core';
import { ALERT_FEED, type AlertFeed, SEGMENT_SETTINGS } from './constants.js';

export { EnvironmentError } from '@energy/config';

/**
 * Every environment variable the processor reads: its own settings, then those Powertools
 * reads. Terraform and the local stack set exactly these (their contract tests import this
 * list), so add a name here and there together.
 */
export const PROCESSOR_ENVIRONMENT_VARIABLES = [
  'READINGS_TABLE',
  'SUMMARY_TABLE',
  'ALERT_TOPIC_ARN',
  'ALERT_FEED',
  'QUARANTINE_PREFIX',
  'MAX_FILE_BYTES',
  'MAX_READING_KWH',
  'INGEST_QUEUE_URL',
  'POWERTOOLS_SERVICE_NAME',
  'POWERTOOLS_LOG_LEVEL',
  'POWERTOOLS_METRICS_NAMESPACE',
] as const;

/**
 * The variables of {@link PROCESSOR_ENVIRONMENT_VARIABLES} the processor may go without:
 * `MAX_READING_KWH` has a default (core's `READING_LIMITS`), and without `INGEST_QUEUE_URL` a
 * file too large for one invocation continues by redelivery instead of by a continuation.
 */
export const PROCESSOR_OPTIONAL_VARIABLES = ['MAX_READING_KWH', 'INGEST_QUEUE_URL'] as const;

/** One name of {@link PROCESSOR_ENVIRONMENT_VARIABLES}. */
export type ProcessorEnvironmentVariable = (typeof PROCESSOR_ENVIRONMENT_VARIABLES)[number];

/** The processor's settings, parsed from its environment. */
export type ProcessorConfig = {
  /** Readings table name. */
  readingsTable: string;
  /** Summary table name (aggregates, site registry, alert markers). */
  summaryTable: string;
  /** ARN of the alert topic. */
  alertTopicArn: string;
  /**
   * The per-reading feed (`ALERT_FEED`): `none` (unset: `STACK_SETTINGS.processor.perReadingAlertFeed`,
   * off) or `readings`, one message per anomalous reading with `kind=reading`.
   */
  alertFeed: AlertFeed;
  /** Key prefix of quarantine objects; keys under it are never processed. Ends with `/`. */
  quarantinePrefix: string;
  /** Largest object read, bytes; larger ones are quarantined. */
  maxFileBytes: number;
  /** Largest |energy| of one reading, kWh (`MAX_READING_KWH`, optional); larger values are rejected. */
  maxReadingKwh: number;
  /**
   * The ingest queue (`INGEST_QUEUE_URL`, optional): where a file that needs more than one
   * invocation sends its continuation. Unset, such a file continues by redelivery instead
   * (its message fails, so at most `maxReceiveCount` invocations).
   */
  ingestQueueUrl?: string;
  /** Records per segment ({@link SEGMENT_SETTINGS.records}; not an environment variable: tests and benches pass smaller ones). */
  segmentRecords: number;
};

/**
 * Parses and validates the processor's environment.
 *
 * @example
 * const config = parseProcessorEnvironment(process.env);
 * @throws {@link EnvironmentError} naming the first variable that is missing or malformed.
 */
export function parseProcessorEnvironment(env: NodeJS.ProcessEnv): ProcessorConfig {
  const readingsTable = requireVariable(env, 'READINGS_TABLE');
  const summaryTable = requireVariable(env, 'SUMMARY_TABLE');
  const alertTopicArn = requireVariable(env, 'ALERT_TOPIC_ARN');
  if (!alertTopicArn.startsWith('arn:')) {
    throw new EnvironmentError(
      'ALERT_TOPIC_ARN',
      `must be an SNS topic ARN, got ${JSON.stringify(alertTopicArn)}`,
    );
  }
  const alertFeed = parseAlertFeed(env.ALERT_FEED);
  const quarantinePrefix = env.QUARANTINE_PREFIX?.trim() || STACK_SETTINGS.storage.quarantinePrefix;
  if (!quarantinePrefix.endsWith('/')) {
    throw new EnvironmentError(
      'QUARANTINE_PREFIX',
      `must end with "/" so that it names a folder, got ${JSON.stringify(quarantinePrefix)}`,
    );
  }
  const maxFileBytes = integerVariable(
    env,
    'MAX_FILE_BYTES',
    // S3's largest object (5 TiB): any practical limit is below it.
    { min: 1, max: 5 * 1024 ** 4 },
    STACK_SETTINGS.processor.maxFileBytes,
  );
  const maxReadingKwh = numberVariable(
    env,
    READING_LIMITS.environmentVariable,
    { min: Number.MIN_VALUE, max: READING_LIMITS.maxConfigurableKwh },
    READING_LIMITS.maxAbsKwh,
  );
  const ingestQueueUrl = env.INGEST_QUEUE_URL?.trim();
  if (ingestQueueUrl && !/^https?:\/\//.test(ingestQueueUrl)) {
    throw new EnvironmentError(
      'INGEST_QUEUE_URL',
      `must be an SQS queue URL, got ${JSON.stringify(ingestQueueUrl)}`,
    );
  }
  return {
    readingsTable,
    summaryTable,
    alertTopicArn,
    alertFeed,
    quarantinePrefix,
    maxFileBytes,
    maxReadingKwh,
    ...(ingestQueueUrl ? { ingestQueueUrl } : {}),
    segmentRecords: SEGMENT_SETTINGS.records,
  };
}

/** The feed when `ALERT_FEED` is unset: the shared setting's (`STACK_SETTINGS.processor.perReadingAlertFeed`, off). */
export const DEFAULT_ALERT_FEED: AlertFeed = STACK_SETTINGS.processor.perReadingAlertFeed
  ? ALERT_FEED.readings
  : ALERT_FEED.none;

/** Reads `ALERT_FEED`; unset or blank, {@link DEFAULT_ALERT_FEED}. */
function parseAlertFeed(raw: string | undefined): AlertFeed {
  const value = raw?.trim();
  if (!value) return DEFAULT_ALERT_FEED;
  const feeds: readonly string[] = Object.values(ALERT_FEED);
  if (!feeds.includes(value)) {
    throw new EnvironmentError(
      'ALERT_FEED',
      `must be one of ${feeds.join(', ')}, got ${JSON.stringify(value)}`,
    );
  }
  return value as AlertFeed;
}
