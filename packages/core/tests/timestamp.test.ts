import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidTimestampError, normalizeBound, normalizeTimestamp } from '../src/index.js';
import { epochMsArb } from './helpers/arbitraries.js';

describe('Function: normalizeTimestamp', () => {
  it.each([
    ['2025-02-16T21:30:43Z', '2025-02-16T21:30:43.000Z'],
    ['2025-02-16T21:30:43.5Z', '2025-02-16T21:30:43.500Z'],
    ['2025-02-16T21:30:43.123000000Z', '2025-02-16T21:30:43.123Z'],
    ['2025-02-16T22:30:43+01:00', '2025-02-16T21:30:43.000Z'],
    ['2025-02-16T16:00:43-0530', '2025-02-16T21:30:43.000Z'],
    ['2025-02-17T00:30:43+03:00', '2025-02-16T21:30:43.000Z'],
    ['2025-02-16 21:30Z', '2025-02-16T21:30:00.000Z'],
    ['2024-02-29T00:00:00Z', '2024-02-29T00:00:00.000Z'],
    ['0099-01-01T00:00:00Z', '0099-01-01T00:00:00.000Z'],
  ])('normalises %s to %s', (input, expected) => {
    expect(normalizeTimestamp(input)).toBe(expected);
  });

  it.each([
    ['2025-02-16T21:30:43', /zone/],
    ['2025-02-16', /zone/],
    ['16/02/2025 21:30', /ISO-8601/],
    ['2025-13-01T00:00:00Z', /month 13/],
    ['2025-02-29T00:00:00Z', /day 29 is out of range 01-28/],
    ['2025-04-31T00:00:00Z', /day 31/],
    ['2025-02-16T24:00:00Z', /hour 24/],
    ['2025-02-16T21:60:00Z', /minute 60/],
    ['2025-02-16T21:30:60Z', /second 60/],
    ['2025-02-16T21:30:43.0001Z', /sub-millisecond/],
    ['2025-02-16T21:30:43+15:00', /offset/],
    ['0000-01-01T00:00:00+01:00', /year/],
  ])('rejects %s with a reason', (input, reason) => {
    expect(() => normalizeTimestamp(input)).toThrow(InvalidTimestampError);
    expect(() => normalizeTimestamp(input)).toThrow(reason);
  });

  it('agrees with Date on every valid UTC timestamp, with or without milliseconds', () => {
    fc.assert(
      fc.property(epochMsArb, fc.boolean(), (ms, withMillis) => {
        const iso = new Date(withMillis ? ms : ms - (ms % 1000)).toISOString();
        const input = withMillis ? iso : iso.replace('.000Z', 'Z');
        expect(normalizeTimestamp(input)).toBe(iso);
      }),
    );
  });

  it('is idempotent', () => {
    fc.assert(
      fc.property(epochMsArb, (ms) => {
        const once = normalizeTimestamp(new Date(ms).toISOString());
        expect(normalizeTimestamp(once)).toBe(once);
      }),
    );
  });

  it('orders normalised timestamps as time, whatever offsets they were written with', () => {
    const offsetArb = fc.integer({ min: -14 * 60, max: 14 * 60 });
    const written = (ms: number, offset: number): string => {
      // Render the instant in local time at the given offset.
      const local = new Date(ms + offset * 60_000).toISOString().slice(0, 23);
      const sign = offset < 0 ? '-' : '+';
      const abs = Math.abs(offset);
      return `${local}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
    };
    const boundedMs = fc.integer({ min: Date.UTC(1971, 0, 1), max: Date.UTC(9998, 0, 1) });
    fc.assert(
      fc.property(boundedMs, boundedMs, offsetArb, offsetArb, (a, b, offsetA, offsetB) => {
        const left = normalizeTimestamp(written(a, offsetA));
        const right = normalizeTimestamp(written(b, offsetB));
        expect(Math.sign(left.localeCompare(right, 'en'))).toBe(Math.sign(a - b));
        expect(left < right).toBe(a < b);
      }),
    );
  });
});

describe('Function: normalizeBound', () => {
  it('expands a date-only value to the whole UTC day, inclusive', () => {
    expect(normalizeBound('2025-02-16', 'start')).toBe('2025-02-16T00:00:00.000Z');
    expect(normalizeBound('2025-02-16', 'end')).toBe('2025-02-16T23:59:59.999Z');
  });

  it('normalises a full timestamp the same for either bound', () => {
    expect(normalizeBound('2025-02-16T22:00:00+01:00', 'end')).toBe('2025-02-16T21:00:00.000Z');
  });

  it('rejects an impossible date', () => {
    expect(() => normalizeBound('2025-02-30', 'start')).toThrow(/day 30/);
  });
});
