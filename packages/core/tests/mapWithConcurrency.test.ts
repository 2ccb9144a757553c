import { describe, expect, it } from 'vitest';
import { mapWithConcurrency } from '../src/index.js';

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
