import { describe, expect, it } from 'vitest';
import { EnvironmentError, integerVariable, numberVariable, requireVariable } from '../src/index.js';

function caughtBy(act: () => unknown): EnvironmentError {
  try {
    act();
  } catch (error) {
    if (error instanceof EnvironmentError) return error;
    throw error;
  }
  throw new Error('expected an EnvironmentError');
}

describe('Class: EnvironmentError', () => {
  it('names the variable and the reason', () => {
    // Act
    const error = new EnvironmentError('RAW_BUCKET', 'is required but not set');

    // Assess
    expect(error.name).toBe('EnvironmentError');
    expect(error.variable).toBe('RAW_BUCKET');
    expect(error.message).toBe('environment variable RAW_BUCKET is required but not set');
  });
});

describe('Function: requireVariable', () => {
  it('returns the trimmed value', () => {
    expect(requireVariable({ NAME: '  value ' }, 'NAME')).toBe('value');
  });

  it.each([{}, { NAME: '' }, { NAME: '   ' }])('refuses %o', (env) => {
    // Act
    const error = caughtBy(() => requireVariable(env, 'NAME'));

    // Assess
    expect(error.variable).toBe('NAME');
    expect(error.message).toBe('environment variable NAME is required but not set');
  });
});

describe('Function: integerVariable', () => {
  const range = { min: 1, max: 100 };

  it.each([
    [{ COUNT: '42' }, 42],
    [{ COUNT: ' 7 ' }, 7],
    [{}, 10],
    [{ COUNT: '  ' }, 10],
  ])('reads %o as %d (fallback 10)', (env, expected) => {
    expect(integerVariable(env, 'COUNT', range, 10)).toBe(expected);
  });

  it.each(['0', '101', '2.5', '3.0', '1e1', '0x10', 'ten'])('refuses %j', (raw) => {
    // Act
    const error = caughtBy(() => integerVariable({ COUNT: raw }, 'COUNT', range, 10));

    // Assess
    expect(error.variable).toBe('COUNT');
    expect(error.message).toBe(
      `environment variable COUNT must be an integer between 1 and 100, got ${JSON.stringify(raw)}`,
    );
  });

  it('requires the variable when there is no fallback', () => {
    expect(caughtBy(() => integerVariable({}, 'COUNT', range)).message).toBe(
      'environment variable COUNT is required but not set',
    );
  });
});

describe('Function: numberVariable', () => {
  it.each([
    [{ RATE: '0.5' }, 0.5],
    [{ RATE: ' 1 ' }, 1],
    [{}, 0.2],
    [{ RATE: '' }, 0.2],
  ])('reads %o as %d (fallback 0.2)', (env, expected) => {
    expect(numberVariable(env, 'RATE', { min: 0, max: 1 }, 0.2)).toBe(expected);
  });

  it.each(['-0.1', '1.5', 'often', 'Infinity'])('refuses %j', (raw) => {
    // Act
    const error = caughtBy(() => numberVariable({ RATE: raw }, 'RATE', { min: 0, max: 1 }, 0.2));

    // Assess
    expect(error.variable).toBe('RATE');
    expect(error.message).toBe(
      `environment variable RATE must be a number between 0 and 1, got ${JSON.stringify(raw)}`,
    );
  });

  it.each([
    ['3', 3],
    ['3.0', 3],
    ['1e1', 10],
  ])('with integer, accepts %j as %d', (raw, expected) => {
    expect(numberVariable({ COUNT: raw }, 'COUNT', { min: 1, max: 100, integer: true })).toBe(expected);
  });

  it.each(['2.5', '0', '101', 'NaN'])('with integer, refuses %j', (raw) => {
    expect(
      caughtBy(() => numberVariable({ COUNT: raw }, 'COUNT', { min: 1, max: 100, integer: true })).message,
    ).toBe(`environment variable COUNT must be an integer between 1 and 100, got ${JSON.stringify(raw)}`);
  });

  it('requires the variable when there is no fallback', () => {
    expect(caughtBy(() => numberVariable({}, 'RATE', { min: 0, max: 1 })).message).toBe(
      'environment variable RATE is required but not set',
    );
  });
});
