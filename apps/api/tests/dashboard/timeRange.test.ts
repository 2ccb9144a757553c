import { describe, expect, it } from 'vitest';
import {
  bucketOf,
  bucketStartMs,
  bucketsOf,
  isRangePreset,
  RANGE_PRESETS,
  windowFor,
} from '../../dashboard/src/timeRange.js';

describe('Function: windowFor', () => {
  it('ends now and starts at the hour holding now - 24 h', () => {
    // Act
    const window = windowFor('24h', new Date('2025-02-16T21:30:43.000Z'));

    // Assess
    expect(window).toStrictEqual({
      from: '2025-02-15T21:00:00.000Z',
      to: '2025-02-16T21:30:43.000Z',
      bucket: 'hour',
    });
  });

  it('switches to day buckets for 30 days, starting at midnight UTC', () => {
    // Act
    const window = windowFor('30d', new Date('2025-02-16T21:30:43.000Z'));

    // Assess
    expect(window).toStrictEqual({
      from: '2025-01-17T00:00:00.000Z',
      to: '2025-02-16T21:30:43.000Z',
      bucket: 'day',
    });
  });

  it.each(Object.keys(RANGE_PRESETS))('keeps %s under the API limit of 1000 buckets per site', (preset) => {
    // Prepare
    if (!isRangePreset(preset)) throw new Error(`not a preset: ${preset}`);

    // Act
    const buckets = bucketsOf(windowFor(preset, new Date('2025-02-16T21:30:43.000Z')));

    // Assess
    expect(buckets.length).toBeGreaterThan(1);
    expect(buckets.length).toBeLessThanOrEqual(1000);
  });
});

describe('Function: bucketsOf', () => {
  it('lists every hour from the one holding from to the one holding to', () => {
    // Act
    const buckets = bucketsOf({
      from: '2025-02-16T21:10:00.000Z',
      to: '2025-02-17T00:05:00.000Z',
      bucket: 'hour',
    });

    // Assess
    expect(buckets).toStrictEqual(['2025-02-16T21', '2025-02-16T22', '2025-02-16T23', '2025-02-17T00']);
  });

  it('lists days across a month end', () => {
    // Act
    const buckets = bucketsOf({
      from: '2025-02-27T00:00:00.000Z',
      to: '2025-03-01T12:00:00.000Z',
      bucket: 'day',
    });

    // Assess
    expect(buckets).toStrictEqual(['2025-02-27', '2025-02-28', '2025-03-01']);
  });
});

describe('Function: bucketOf', () => {
  it('cuts an instant to its UTC hour or day', () => {
    // Prepare
    const instant = new Date('2025-02-16T21:30:43.000Z');

    // Act & Assess
    expect([bucketOf(instant, 'hour'), bucketOf(instant, 'day')]).toStrictEqual([
      '2025-02-16T21',
      '2025-02-16',
    ]);
    expect(bucketStartMs('2025-02-16T21', 'hour')).toBe(Date.parse('2025-02-16T21:00:00.000Z'));
  });
});

describe('Function: isRangePreset', () => {
  it.each([
    ['24h', true],
    ['7d', true],
    ['1y', false],
    ['toString', false],
    [null, false],
  ])('says %s is a preset: %s', (value, expected) => {
    expect(isRangePreset(value)).toBe(expected);
  });
});
