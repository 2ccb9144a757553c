import { variablesRead } from '@energy/config';
import { describe, expect, it } from 'vitest';
import {
  API_ENVIRONMENT_VARIABLES,
  API_OPTIONAL_VARIABLES,
  EnvironmentError,
  LOCAL_CURSOR_SECRET,
  parseApiEnvironment,
} from '../../src/environment.js';

const valid = { READINGS_TABLE: 'energy-dev-readings', SUMMARY_TABLE: 'energy-dev-summary' };

function parseError(env: NodeJS.ProcessEnv): EnvironmentError {
  try {
    parseApiEnvironment(env);
  } catch (error) {
    if (error instanceof EnvironmentError) return error;
    throw error;
  }
  throw new Error('expected the environment to be refused');
}

describe('Function: parseApiEnvironment', () => {
  it('reads the table names and defaults the cursor secret', () => {
    // Act
    const settings = parseApiEnvironment(valid);

    // Assess
    expect(settings).toStrictEqual({
      readingsTable: 'energy-dev-readings',
      summaryTable: 'energy-dev-summary',
      cursorSecret: LOCAL_CURSOR_SECRET,
      auth: { mode: 'none' },
    });
  });

  it('uses CURSOR_SECRET when set', () => {
    // Act
    const settings = parseApiEnvironment({ ...valid, CURSOR_SECRET: 's'.repeat(40) });

    // Assess
    expect(settings.cursorSecret).toBe('s'.repeat(40));
  });

  it.each([
    [
      'READINGS_TABLE',
      { SUMMARY_TABLE: 'energy-dev-summary' },
      'environment variable READINGS_TABLE is required',
    ],
    [
      'SUMMARY_TABLE',
      { READINGS_TABLE: 'energy-dev-readings' },
      'environment variable SUMMARY_TABLE is required',
    ],
    [
      'READINGS_TABLE',
      { ...valid, READINGS_TABLE: 'bad name!' },
      'environment variable READINGS_TABLE must be a DynamoDB table name (3-255 of A-Z a-z 0-9 _ . -), got "bad name!"',
    ],
    [
      'CURSOR_SECRET',
      { ...valid, CURSOR_SECRET: 'short' },
      'environment variable CURSOR_SECRET must be at least 32 characters, got 5',
    ],
  ])('names %s and the reason', (variable, env, message) => {
    // Act
    const error = parseError(env);

    // Assess
    expect(error.variable).toBe(variable);
    expect(error.message).toBe(message);
  });

  it('reads exactly the variables it lists, no more and no fewer', () => {
    // Act: the contract tests of Terraform and the local stack import the list, so a
    // variable read but not listed would be missing on AWS.
    const read = variablesRead(parseApiEnvironment, valid);

    // Assess
    expect(read).toStrictEqual([...API_ENVIRONMENT_VARIABLES].sort());
    expect(API_ENVIRONMENT_VARIABLES).toStrictEqual([
      'READINGS_TABLE',
      'SUMMARY_TABLE',
      'CURSOR_SECRET',
      'API_AUTH',
    ]);
    expect(API_OPTIONAL_VARIABLES).toStrictEqual(['CURSOR_SECRET']);
  });
});
