import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mapWithConcurrency } from '../../src/ingest/mapWithConcurrency.js';
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

describe('Function: mapWithConcurrency', () => {
  it('keeps input order and never runs more than the bound at once', async () => {
    // Prepare
    let running = 0;
    let peak = 0;
    const items = Array.from({ length: 20 }, (_, i) => i);

    // Act
    const results = await mapWithConcurrency(items, 3, async (item) => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((resolve) => setTimeout(resolve, (item * 7) % 5));
      running--;
      return item * 2;
    });

    // Assess
    expect(results).toStrictEqual(items.map((i) => i * 2));
    expect(peak).toBe(3);
  });

  it('starts nothing new after a failure and throws the first error once the others finish', async () => {
    // Prepare
    const started: number[] = [];
    let finished = 0;

    // Act
    const outcome = mapWithConcurrency([0, 1, 2, 3, 4, 5, 6, 7], 2, async (item) => {
      started.push(item);
      await new Promise((resolve) => setTimeout(resolve, item === 1 ? 1 : 5));
      if (item === 1) throw new Error('boom');
      finished++;
      return item;
    });

    // Assess
    await expect(outcome).rejects.toThrow('boom');
    expect(started).toStrictEqual([0, 1]);
    expect(finished).toBe(1); // item 0 was in flight when 1 failed: it ran to its end
  });
});
