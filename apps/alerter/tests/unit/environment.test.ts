import { STACK_SETTINGS, variablesRead } from '@energy/config';
import { describe, expect, it } from 'vitest';
import {
  ALERTER_ENVIRONMENT_VARIABLES,
  ALERTER_OPTIONAL_VARIABLES,
  defaultAlertSettings,
  EnvironmentError,
  parseAlerterEnvironment,
} from '../../src/environment.js';

const REQUIRED = {
  SUMMARY_TABLE: 'energy-dev-summary',
  READINGS_TABLE: 'energy-dev-readings',
  ALERT_TOPIC_ARN: 'arn:aws:sns:us-east-1:123456789012:energy-dev-alerts',
};

function failure(env: NodeJS.ProcessEnv): Error | undefined {
  try {
    parseAlerterEnvironment(env);
    return undefined;
  } catch (error) {
    return error as Error;
  }
}

describe('parseAlerterEnvironment', () => {
  it('takes every unset period from STACK_SETTINGS.alerter', () => {
    const config = parseAlerterEnvironment(REQUIRED);
    expect(config).toStrictEqual({
      summaryTable: 'energy-dev-summary',
      readingsTable: 'energy-dev-readings',
      alertTopicArn: REQUIRED.ALERT_TOPIC_ARN,
      settings: defaultAlertSettings(),
    });
    expect(config.settings).toStrictEqual({
      intervalSeconds: STACK_SETTINGS.alerter.intervalSeconds,
      silentAfterIntervals: STACK_SETTINGS.alerter.silentAfterIntervals,
      quietSeconds: STACK_SETTINGS.alerter.quietSeconds,
      settleSeconds: STACK_SETTINGS.alerter.settleSeconds,
      renotifySeconds: STACK_SETTINGS.alerter.renotifySeconds,
      digestSeconds: STACK_SETTINGS.alerter.digestSeconds,
    });
  });

  it('reads the periods when set', () => {
    const config = parseAlerterEnvironment({
      ...REQUIRED,
      ALERT_INTERVAL_SECONDS: '60',
      ALERT_SILENT_AFTER_INTERVALS: '5',
      ALERT_QUIET_SECONDS: '3600',
      ALERT_SETTLE_SECONDS: '0',
      ALERT_RENOTIFY_SECONDS: '86400',
      ALERT_DIGEST_SECONDS: '900',
    });
    expect(config.settings).toStrictEqual({
      intervalSeconds: 60,
      silentAfterIntervals: 5,
      quietSeconds: 3_600,
      settleSeconds: 0,
      renotifySeconds: 86_400,
      digestSeconds: 900,
    });
  });

  it('names the variable and the reason when one is missing or malformed', () => {
    expect(failure({ ...REQUIRED, READINGS_TABLE: ' ' })?.message).toMatch(/READINGS_TABLE.*required/);
    expect(failure({ ...REQUIRED, ALERT_TOPIC_ARN: 'alerts' })?.message).toMatch(
      /ALERT_TOPIC_ARN.*SNS topic ARN/,
    );
    expect(failure({ ...REQUIRED, ALERT_QUIET_SECONDS: '3h' })?.message).toMatch(
      /ALERT_QUIET_SECONDS.*integer/,
    );
    expect(failure({ ...REQUIRED, ALERT_DIGEST_SECONDS: '10' })).toBeInstanceOf(EnvironmentError);
  });

  it('reads exactly the variables it lists (what Terraform and the local stack set)', () => {
    expect(variablesRead(parseAlerterEnvironment, REQUIRED)).toStrictEqual(
      [...ALERTER_ENVIRONMENT_VARIABLES].sort(),
    );
    expect(ALERTER_ENVIRONMENT_VARIABLES).toContain('POWERTOOLS_LOG_LEVEL');
    expect([...ALERTER_OPTIONAL_VARIABLES].sort()).toStrictEqual(
      ALERTER_ENVIRONMENT_VARIABLES.filter(
        (name) => (name.startsWith('ALERT_') && name !== 'ALERT_TOPIC_ARN') || name.startsWith('POWERTOOLS_'),
      ).sort(),
    );
  });
});
