import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fullJitterDelay } from '../../src/ingest/retryBackoff.js';

describe('Function: fullJitterDelay', () => {
  it('stays within [0, min(cap, base × 2^attempt))', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 40 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        (attempt, random) => {
          // Act
          const delay = fullJitterDelay(attempt, { baseDelayMs: 50, maxDelayMs: 2_000 }, () => random);

          // Assess
          expect(delay).toBeGreaterThanOrEqual(0);
          expect(delay).toBeLessThan(Math.min(2_000, 50 * 2 ** attempt));
        },
      ),
    );
  });

  it('grows exponentially until the cap', () => {
    // Act
    const ceilings = [1, 2, 3, 4, 5, 6].map((attempt) =>
      fullJitterDelay(attempt, { baseDelayMs: 50, maxDelayMs: 1_000 }, () => 0.999_999),
    );

    // Assess
    expect(ceilings).toStrictEqual([99, 199, 399, 799, 999, 999]);
  });
});
