import { describe, expect, it } from 'vitest';
import { InvalidParameterError } from '../../src/errors.js';
import { bucketCount, resolveSummaryRange } from '../../src/summaryRange.js';

const NOW = Date.parse('2025-02-16T21:30:43.123Z');

describe('Function: resolveSummaryRange', () => {
  it('defaults to the 24 hours up to now for hour buckets', () => {
    // Act
    const range = resolveSummaryRange({}, 'hour', NOW);

    // Assess
    expect(range).toStrictEqual({ from: '2025-02-15T21:30:43.124Z', to: '2025-02-16T21:30:43.123Z' });
  });

  it('defaults to the 30 days up to now for day buckets', () => {
    // Act
    const range = resolveSummaryRange({}, 'day', NOW);

    // Assess
    expect(range).toStrictEqual({ from: '2025-01-17T21:30:43.124Z', to: '2025-02-16T21:30:43.123Z' });
  });

  it('counts back from a given `to`', () => {
    // Act
    const range = resolveSummaryRange({ to: '2025-02-16T23:59:59.999Z' }, 'hour', NOW);

    // Assess: exactly the UTC day, 24 buckets.
    expect(range).toStrictEqual({ from: '2025-02-16T00:00:00.000Z', to: '2025-02-16T23:59:59.999Z' });
    expect(bucketCount(range, 'hour')).toBe(24);
  });

  it('keeps given bounds', () => {
    // Act
    const range = resolveSummaryRange(
      { from: '2025-01-01T00:00:00.000Z', to: '2025-01-30T23:59:59.999Z' },
      'day',
      NOW,
    );

    // Assess
    expect(range).toStrictEqual({ from: '2025-01-01T00:00:00.000Z', to: '2025-01-30T23:59:59.999Z' });
    expect(bucketCount(range, 'day')).toBe(30);
  });

  it('refuses `from` after `to`, naming `from`', () => {
    // Act & Assess
    expect(() =>
      resolveSummaryRange({ from: '2025-02-17T00:00:00.000Z', to: '2025-02-16T00:00:00.000Z' }, 'hour', NOW),
    ).toThrow(new InvalidParameterError('from', 'must not be after to (2025-02-16T00:00:00.000Z)'));
  });

  it('refuses a range of more than 169 hour buckets and suggests day buckets', () => {
    // Prepare: 170 hour buckets.
    const given = { from: '2025-01-01T00:00:00.000Z', to: '2025-01-08T01:59:59.999Z' };

    // Act & Assess
    expect(bucketCount(given, 'hour')).toBe(170);
    expect(() => resolveSummaryRange(given, 'hour', NOW)).toThrow(
      'from gives a range of 170 hour buckets; at most 169 are allowed: narrow the range or use bucket=day',
    );
  });

  it('accepts exactly 169 hour buckets, and a smaller limit when given', () => {
    // Prepare
    const given = { from: '2025-01-01T00:00:00.000Z', to: '2025-01-08T00:59:59.999Z' };

    // Act & Assess
    expect(() => resolveSummaryRange(given, 'day', NOW, 86_400_000, 2)).toThrow('at most 2 are allowed');

    // Act & Assess
    expect(resolveSummaryRange(given, 'hour', NOW)).toStrictEqual(given);
  });
});
