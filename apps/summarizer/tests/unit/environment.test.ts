import { describe, expect, it } from 'vitest';
import { EnvironmentError, parseSummarizerEnvironment } from '../../src/environment.js';

describe('Function: parseSummarizerEnvironment', () => {
  it('reads the summary table', () => {
    // Act
    const config = parseSummarizerEnvironment({ SUMMARY_TABLE: ' energy-dev-summary ' });

    // Assess
    expect(config).toStrictEqual({ summaryTable: 'energy-dev-summary' });
  });

  it('names SUMMARY_TABLE when it is missing', () => {
    // Act
    const failure = (() => {
      try {
        parseSummarizerEnvironment({});
        return undefined;
      } catch (error) {
        return error;
      }
    })();

    // Assess
    expect(failure).toBeInstanceOf(EnvironmentError);
    expect(String((failure as Error).message)).toContain('SUMMARY_TABLE');
  });
});
