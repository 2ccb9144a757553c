import { describe, expect, it } from 'vitest';
import {
  defineEnvironment,
  EnvironmentError,
  finiteNumber,
  integer,
  optional,
  required,
  topicArn,
  variablesRead,
} from '../src/index.js';

const spec = defineEnvironment({
  RAW_BUCKET: { read: required },
  KEY_PREFIX: { read: optional('readings/'), optional: true },
  SITE_COUNT: { read: integer({ min: 1, max: 10_000 }, 10), optional: true },
  ANOMALY_PROBABILITY: { read: finiteNumber({ min: 0, max: 1 }, 0.2), optional: true },
  SEED: { read: optional(), optional: true },
});

function readError(env: NodeJS.ProcessEnv): EnvironmentError {
  try {
    spec.read(env);
  } catch (error) {
    if (error instanceof EnvironmentError) return error;
    throw error;
  }
  throw new Error('expected the environment to be refused');
}

describe('Function: defineEnvironment', () => {
  it('lists the variables and the optional ones in spec order', () => {
    // Assess
    expect(spec.variables).toStrictEqual([
      'RAW_BUCKET',
      'KEY_PREFIX',
      'SITE_COUNT',
      'ANOMALY_PROBABILITY',
      'SEED',
    ]);
    expect(spec.optionalVariables).toStrictEqual(['KEY_PREFIX', 'SITE_COUNT', 'ANOMALY_PROBABILITY', 'SEED']);
  });

  it('reads values, trims them and applies the fallbacks of blank ones', () => {
    // Act
    const values = spec.read({ RAW_BUCKET: ' energy-dev-raw ', SITE_COUNT: '250', KEY_PREFIX: '   ' });

    // Assess
    expect(values).toStrictEqual({
      RAW_BUCKET: 'energy-dev-raw',
      KEY_PREFIX: 'readings/',
      SITE_COUNT: 250,
      ANOMALY_PROBABILITY: 0.2,
      SEED: undefined,
    });
  });

  it.each([
    [{}, 'RAW_BUCKET', 'environment variable RAW_BUCKET is required but not set'],
    [
      { RAW_BUCKET: 'b', SITE_COUNT: '1e3' },
      'SITE_COUNT',
      'environment variable SITE_COUNT must be an integer between 1 and 10000, got "1e3"',
    ],
    [
      { RAW_BUCKET: 'b', ANOMALY_PROBABILITY: '2' },
      'ANOMALY_PROBABILITY',
      'environment variable ANOMALY_PROBABILITY must be a number between 0 and 1, got "2"',
    ],
  ])('names the variable and the reason (%j)', (env, variable, message) => {
    // Act
    const error = readError(env);

    // Assess
    expect(error.variable).toBe(variable);
    expect(error.message).toBe(message);
  });
});

describe('Function: variablesRead', () => {
  it('records every name a parser reads, and only those', () => {
    // Act
    const names = variablesRead(spec.read, { RAW_BUCKET: 'b', UNRELATED: 'x' });

    // Assess
    expect(names).toStrictEqual([...spec.variables].sort());
  });

  it('sees a variable read outside the spec', () => {
    // Prepare: a parser that reads one name more than it declares.
    const parse = (env: NodeJS.ProcessEnv) => ({ ...spec.read(env), extra: env.EXTRA_SETTING });

    // Act
    const names = variablesRead(parse, { RAW_BUCKET: 'b' });

    // Assess
    expect(names).toContain('EXTRA_SETTING');
    expect(names).not.toStrictEqual([...spec.variables].sort());
  });
});

describe('Function: topicArn', () => {
  it('accepts an ARN and names the variable when it is a bare name or unset', () => {
    // Assess
    expect(topicArn('arn:aws:sns:us-east-1:123456789012:alerts', 'ALERT_TOPIC_ARN')).toBe(
      'arn:aws:sns:us-east-1:123456789012:alerts',
    );
    expect(() => topicArn('alerts', 'ALERT_TOPIC_ARN')).toThrow(
      new EnvironmentError('ALERT_TOPIC_ARN', 'must be an SNS topic ARN, got "alerts"'),
    );
    expect(() => topicArn(undefined, 'ALERT_TOPIC_ARN')).toThrow(/ALERT_TOPIC_ARN is required/);
  });
});
