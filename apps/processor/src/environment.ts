import {
  defineEnvironment,
  EnvironmentError,
  finiteNumber,
  integer,
  readByPowertools,
  required,
  STACK_SETTINGS,
  topicArn,
  type VariableReader,
} from '@energy/config';
import { READING_LIMITS } from '@energy/core';
import { ALERT_FEED, type AlertFeed, SEGMENT_SETTINGS } from './constants.js';

export { EnvironmentError } from '@energy/config';

/** The feed when `ALERT_FEED` is unset: the shared setting's (`STACK_SETTINGS.processor.perReadingAlertFeed`, off). */
export const DEFAULT_ALERT_FEED: AlertFeed = STACK_SETTINGS.processor.perReadingAlertFeed
  ? ALERT_FEED.readings
  : ALERT_FEED.none;

// Unset or blank: DEFAULT_ALERT_FEED.
const alertFeed: VariableReader<AlertFeed> = (raw, name) => {
  if (raw === undefined) return DEFAULT_ALERT_FEED;
  const feeds: readonly string[] = Object.values(ALERT_FEED);
  if (!feeds.includes(raw)) {
    throw new EnvironmentError(name, `must be one of ${feeds.join(', ')}, got ${JSON.stringify(raw)}`);
  }
  return raw as AlertFeed;
};

const quarantinePrefix: VariableReader<string> = (raw, name) => {
  const prefix = raw ?? STACK_SETTINGS.storage.quarantinePrefix;
  if (!prefix.endsWith('/')) {
    throw new EnvironmentError(
      name,
      `must end with "/" so that it names a folder, got ${JSON.stringify(prefix)}`,
    );
  }
  return prefix;
};

const queueUrl: VariableReader<string | undefined> = (raw, name) => {
  if (raw !== undefined && !/^https?:\/\//.test(raw)) {
    throw new EnvironmentError(name, `must be an SQS queue URL, got ${JSON.stringify(raw)}`);
  }
  return raw;
};

/** The processor's environment, declared once: the names below and the parser both come from it. */
const PROCESSOR_ENVIRONMENT = defineEnvironment({
  READINGS_TABLE: { read: required },
  SUMMARY_TABLE: { read: required },
  ALERT_TOPIC_ARN: { read: topicArn },
  ALERT_FEED: { read: alertFeed },
  QUARANTINE_PREFIX: { read: quarantinePrefix },
  // S3's largest object (5 TiB): any practical limit is below it.
  MAX_FILE_BYTES: { read: integer({ min: 1, max: 5 * 1024 ** 4 }, STACK_SETTINGS.processor.maxFileBytes) },
  // Has a default (core's READING_LIMITS).
  [READING_LIMITS.environmentVariable]: {
    read: finiteNumber(
      { min: Number.MIN_VALUE, max: READING_LIMITS.maxConfigurableKwh },
      READING_LIMITS.maxAbsKwh,
    ),
    optional: true,
  },
  // Unset, a file too large for one invocation continues by redelivery instead of by a continuation.
  INGEST_QUEUE_URL: { read: queueUrl, optional: true },
  POWERTOOLS_SERVICE_NAME: { read: readByPowertools },
  POWERTOOLS_LOG_LEVEL: { read: readByPowertools },
  POWERTOOLS_METRICS_NAMESPACE: { read: readByPowertools },
});

/**
 * Every environment variable the processor reads: its own settings, then those Powertools
 * reads. Terraform and the local stack set exactly these (their contract tests import this list).
 */
export const PROCESSOR_ENVIRONMENT_VARIABLES = PROCESSOR_ENVIRONMENT.variables;

/**
 * The variables of {@link PROCESSOR_ENVIRONMENT_VARIABLES} the processor may go without:
 * `MAX_READING_KWH` and `INGEST_QUEUE_URL`.
 */
export const PROCESSOR_OPTIONAL_VARIABLES = PROCESSOR_ENVIRONMENT.optionalVariables;

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
  const values = PROCESSOR_ENVIRONMENT.read(env);
  return {
    readingsTable: values.READINGS_TABLE,
    summaryTable: values.SUMMARY_TABLE,
    alertTopicArn: values.ALERT_TOPIC_ARN,
    alertFeed: values.ALERT_FEED,
    quarantinePrefix: values.QUARANTINE_PREFIX,
    maxFileBytes: values.MAX_FILE_BYTES,
    maxReadingKwh: values[READING_LIMITS.environmentVariable],
    ...(values.INGEST_QUEUE_URL ? { ingestQueueUrl: values.INGEST_QUEUE_URL } : {}),
    segmentRecords: SEGMENT_SETTINGS.records,
  };
}
