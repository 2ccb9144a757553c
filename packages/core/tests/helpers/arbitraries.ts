import fc from 'fast-check';
import type { Reading } from '../../src/index.js';

/** Valid site ids: a letter or digit, then up to 63 of the allowed characters. */
export const siteIdArb = fc
  .tuple(
    fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'),
    fc.string({ unit: fc.constantFrom(...'abcxyzABC019_.-'), maxLength: 63 }),
  )
  .map(([first, rest]) => first + rest);

/** Epoch milliseconds within years 1970-9999. */
export const epochMsArb = fc.integer({ min: 0, max: Date.UTC(9999, 11, 31, 23, 59, 59, 999) });

/** Meter values as a meter reports them: up to 4 decimals, the original feed's -1 and zero included. */
const kwhArb = fc.oneof(
  fc.integer({ min: -1_000_000, max: 100_000_000 }).map((n) => n / 10_000),
  fc.constantFrom(0, -1, 100, 0.1, 3.3, 10.1),
);

/** Canonical-timestamp readings. */
export const readingArb: fc.Arbitrary<Reading> = fc.record({
  site_id: siteIdArb,
  timestamp: epochMsArb.map((ms) => new Date(ms).toISOString()),
  energy_generated_kwh: kwhArb,
  energy_consumed_kwh: kwhArb,
});

/** A reading as the original generator wrote it (second precision, `Z`). */
export function originalReading(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    site_id: 'site1',
    timestamp: '2025-02-16T21:30:43Z',
    energy_generated_kwh: 52.1234,
    energy_consumed_kwh: 17.5,
    ...overrides,
  };
}
