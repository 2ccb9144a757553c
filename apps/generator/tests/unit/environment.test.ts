import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SEED,
  EnvironmentError,
  GENERATOR_ENVIRONMENT_VARIABLES,
  parseGeneratorEnvironment,
} from '../../src/environment.js';

describe('Function: parseGeneratorEnvironment', () => {
  it('applies the shared defaults when only the bucket is set', () => {
    // Act
    const config = parseGeneratorEnvironment({ RAW_BUCKET: 'energy-dev-raw' });

    // Assess
    expect(config).toStrictEqual({
      bucket: 'energy-dev-raw',
      keyPrefix: 'readings/',
      siteCount: 10,
      anomalyProbability: 0.2,
      seed: DEFAULT_SEED,
    });
  });

  it('reads every setting', () => {
    // Act
    const config = parseGeneratorEnvironment({
      RAW_BUCKET: 'b',
      KEY_PREFIX: 'in/',
      SITE_COUNT: '3',
      ANOMALY_PROBABILITY: '0.5',
      SEED: 'abc',
    });

    // Assess
    expect(config).toStrictEqual({
      bucket: 'b',
      keyPrefix: 'in/',
      siteCount: 3,
      anomalyProbability: 0.5,
      seed: 'abc',
    });
  });

  it.each([
    [{}, 'RAW_BUCKET', 'environment variable RAW_BUCKET is required but not set'],
    [{ RAW_BUCKET: 'b', KEY_PREFIX: 'readings' }, 'KEY_PREFIX', 'must end with "/"'],
    [{ RAW_BUCKET: 'b', SITE_COUNT: '0' }, 'SITE_COUNT', 'must be an integer between 1 and 10000, got "0"'],
    [{ RAW_BUCKET: 'b', SITE_COUNT: '2.5' }, 'SITE_COUNT', 'got "2.5"'],
    [{ RAW_BUCKET: 'b', ANOMALY_PROBABILITY: '1.5' }, 'ANOMALY_PROBABILITY', 'between 0 and 1, got "1.5"'],
    [{ RAW_BUCKET: 'b', ANOMALY_PROBABILITY: 'often' }, 'ANOMALY_PROBABILITY', 'got "often"'],
  ])('refuses %o naming %s', (env, variable, message) => {
    // Act
    let caught: unknown;
    try {
      parseGeneratorEnvironment(env);
    } catch (error) {
      caught = error;
    }

    // Assess
    expect(caught).toBeInstanceOf(EnvironmentError);
    expect((caught as EnvironmentError).variable).toBe(variable);
    expect((caught as EnvironmentError).message).toContain(message);
  });

  it('lists every variable it reads (the Terraform and local-stack contract)', () => {
    // Assess
    expect([...GENERATOR_ENVIRONMENT_VARIABLES]).toStrictEqual([
      'RAW_BUCKET',
      'KEY_PREFIX',
      'SITE_COUNT',
      'ANOMALY_PROBABILITY',
      'SEED',
      'POWERTOOLS_SERVICE_NAME',
      'POWERTOOLS_LOG_LEVEL',
    ]);
  });
});
