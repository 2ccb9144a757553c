import { variablesRead } from '@energy/config';
import { describe, expect, it } from 'vitest';
import {
  EnvironmentError,
  PROCESSOR_ENVIRONMENT_VARIABLES,
  PROCESSOR_OPTIONAL_VARIABLES,
  parseProcessorEnvironment,
} from '../../src/environment.js';

const VALID = {
  READINGS_TABLE: 'energy-dev-readings',
  SUMMARY_TABLE: 'energy-dev-summary',
  ALERT_TOPIC_ARN: 'arn:aws:sns:us-east-1:123456789012:energy-dev-alerts',
  QUARANTINE_PREFIX: 'quarantine/',
  MAX_FILE_BYTES: '1048576',
};

describe('Function: parseProcessorEnvironment', () => {
  it('reads every setting', () => {
    // Act
    const config = parseProcessorEnvironment(VALID);

    // Assess
    expect(config).toStrictEqual({
      readingsTable: 'energy-dev-readings',
      summaryTable: 'energy-dev-summary',
      alertTopicArn: 'arn:aws:sns:us-east-1:123456789012:energy-dev-alerts',
      alertFeed: 'none',
      quarantinePrefix: 'quarantine/',
      maxFileBytes: 1_048_576,
      maxReadingKwh: 1_000_000,
      segmentRecords: 5_000,
    });
  });

  it.each([
    ['unset', undefined, 'none'],
    ['blank', ' ', 'none'],
    ['none', 'none', 'none'],
    ['readings', 'readings', 'readings'],
  ])('reads the per-reading feed when ALERT_FEED is %s', (_case, value, feed) => {
    // Act
    const config = parseProcessorEnvironment({ ...VALID, ALERT_FEED: value });

    // Assess
    expect(config.alertFeed).toBe(feed);
  });

  it('defaults the quarantine prefix and size limit to the shared settings', () => {
    // Act
    const config = parseProcessorEnvironment({ ...VALID, QUARANTINE_PREFIX: '', MAX_FILE_BYTES: undefined });

    // Assess
    expect(config.quarantinePrefix).toBe('quarantine/');
    expect(config.maxFileBytes).toBe(104_857_600);
  });

  it.each([
    ['READINGS_TABLE', { READINGS_TABLE: undefined }, 'is required but not set'],
    ['SUMMARY_TABLE', { SUMMARY_TABLE: '  ' }, 'is required but not set'],
    ['ALERT_TOPIC_ARN', { ALERT_TOPIC_ARN: undefined }, 'is required but not set'],
    ['ALERT_TOPIC_ARN', { ALERT_TOPIC_ARN: 'alerts' }, 'must be an SNS topic ARN, got "alerts"'],
    ['ALERT_FEED', { ALERT_FEED: 'all' }, 'must be one of none, readings, got "all"'],
    ['QUARANTINE_PREFIX', { QUARANTINE_PREFIX: 'quarantine' }, 'must end with "/"'],
    ['MAX_FILE_BYTES', { MAX_FILE_BYTES: '10MB' }, 'must be an integer between 1 and'],
    ['MAX_READING_KWH', { MAX_READING_KWH: '-5' }, 'must be a number between'],
    ['INGEST_QUEUE_URL', { INGEST_QUEUE_URL: 'energy-ingest' }, 'must be an SQS queue URL'],
    ['MAX_FILE_BYTES', { MAX_FILE_BYTES: '0' }, 'must be an integer between 1 and 5497558138880, got "0"'],
  ])('names %s when it is wrong', (variable, overrides, reason) => {
    // Act
    let caught: unknown;
    try {
      parseProcessorEnvironment({ ...VALID, ...overrides });
    } catch (error) {
      caught = error;
    }

    // Assess
    expect(caught).toBeInstanceOf(EnvironmentError);
    expect((caught as EnvironmentError).variable).toBe(variable);
    expect((caught as EnvironmentError).message).toContain(`environment variable ${variable} ${reason}`);
  });

  it('reads exactly the variables it lists (what Terraform and the local stack set)', () => {
    // Act: the contract tests of Terraform and the local stack import the list, so a
    // variable read but not listed would be missing on AWS.
    const read = variablesRead(parseProcessorEnvironment, VALID);

    // Assess
    expect(read).toStrictEqual([...PROCESSOR_ENVIRONMENT_VARIABLES].sort());
    expect([...PROCESSOR_OPTIONAL_VARIABLES]).toStrictEqual(['MAX_READING_KWH', 'INGEST_QUEUE_URL']);
    expect([...PROCESSOR_ENVIRONMENT_VARIABLES]).toStrictEqual([
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
    ]);
  });
});
