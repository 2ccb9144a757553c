import {
  defineEnvironment,
  EnvironmentError,
  integer,
  optional,
  required,
  STACK_SETTINGS,
  topicArn,
} from '@energy/config';
import type { AlertSettings } from '@energy/core';

export { EnvironmentError } from '@energy/config';

const defaults = STACK_SETTINGS.alerter;
const DAY_SECONDS = 86_400;

/** The alerter's environment, declared once: the names below and the parser both come from it. */
const ALERTER_ENVIRONMENT = defineEnvironment({
  SUMMARY_TABLE: { read: required },
  READINGS_TABLE: { read: required },
  ALERT_TOPIC_ARN: { read: topicArn },
  ALERT_INTERVAL_SECONDS: {
    read: integer({ min: 1, max: DAY_SECONDS }, defaults.intervalSeconds),
    optional: true,
  },
  ALERT_SILENT_AFTER_INTERVALS: {
    read: integer({ min: 1, max: 1_000 }, defaults.silentAfterIntervals),
    optional: true,
  },
  ALERT_QUIET_SECONDS: {
    read: integer({ min: 1, max: 30 * DAY_SECONDS }, defaults.quietSeconds),
    optional: true,
  },
  ALERT_SETTLE_SECONDS: {
    read: integer({ min: 0, max: DAY_SECONDS }, defaults.settleSeconds),
    optional: true,
  },
  ALERT_RENOTIFY_SECONDS: {
    read: integer({ min: 0, max: 30 * DAY_SECONDS }, defaults.renotifySeconds),
    optional: true,
  },
  ALERT_DIGEST_SECONDS: {
    read: integer({ min: 60, max: 7 * DAY_SECONDS }, defaults.digestSeconds),
    optional: true,
  },
  // Read by Powertools itself; listed so Terraform and the local stack set them.
  POWERTOOLS_SERVICE_NAME: { read: optional('alerter'), optional: true },
  POWERTOOLS_LOG_LEVEL: { read: optional('INFO'), optional: true },
});

/**
 * Every environment variable the alerter reads: its own settings, then those Powertools reads.
 * Terraform and the local stack set exactly these (their contract tests import this list).
 */
export const ALERTER_ENVIRONMENT_VARIABLES = ALERTER_ENVIRONMENT.variables;

/** Variables of {@link ALERTER_ENVIRONMENT_VARIABLES} that deployments may leave unset (defaults: `STACK_SETTINGS.alerter`). */
export const ALERTER_OPTIONAL_VARIABLES = ALERTER_ENVIRONMENT.optionalVariables;

/** The alerter's settings, parsed from its environment. */
export type AlerterConfig = {
  /** Summary table: contributions in; alert episodes and the alerter's state out. */
  summaryTable: string;
  /** Readings table: sample values from its anomaly index. */
  readingsTable: string;
  /** Topic the state changes and digests go to. */
  alertTopicArn: string;
  /** The state machine's periods. */
  settings: AlertSettings;
};

/**
 * Parses and validates the alerter's environment; unset periods take `STACK_SETTINGS.alerter`.
 *
 * @example
 * parseAlerterEnvironment({ SUMMARY_TABLE: 's', READINGS_TABLE: 'r', ALERT_TOPIC_ARN: 'arn:aws:sns:…' }).settings.quietSeconds; // 10800
 * @throws {@link EnvironmentError} naming the variable that is missing or malformed.
 */
export function parseAlerterEnvironment(env: NodeJS.ProcessEnv): AlerterConfig {
  const values = ALERTER_ENVIRONMENT.read(env);
  return {
    summaryTable: values.SUMMARY_TABLE,
    readingsTable: values.READINGS_TABLE,
    alertTopicArn: values.ALERT_TOPIC_ARN,
    settings: {
      intervalSeconds: values.ALERT_INTERVAL_SECONDS,
      silentAfterIntervals: values.ALERT_SILENT_AFTER_INTERVALS,
      quietSeconds: values.ALERT_QUIET_SECONDS,
      settleSeconds: values.ALERT_SETTLE_SECONDS,
      renotifySeconds: values.ALERT_RENOTIFY_SECONDS,
      digestSeconds: values.ALERT_DIGEST_SECONDS,
    },
  };
}

/** The deployed defaults as {@link AlertSettings} (what an unset environment gives). */
export function defaultAlertSettings(): AlertSettings {
  return parseAlerterEnvironment({ SUMMARY_TABLE: '-', READINGS_TABLE: '-', ALERT_TOPIC_ARN: 'arn:-' })
    .settings;
}
