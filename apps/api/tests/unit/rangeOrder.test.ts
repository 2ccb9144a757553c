import { z } from '@hono/zod-openapi';
import { describe, expect, it } from 'vitest';
import { rangeOrderProblem } from '../../src/rangeOrder.js';
import { boundSchema, orderedBounds } from '../../src/schemas/parameters.js';

const EARLY = '2025-02-16T00:00:00.000Z';
const LATE = '2025-02-16T23:59:59.999Z';

describe('Function: rangeOrderProblem', () => {
  it('refuses a start after the end, naming the end parameter and its value', () => {
    expect(rangeOrderProblem(LATE, EARLY, 'end_date')).toBe(`must not be after end_date (${EARLY})`);
  });

  it.each([
    ['in order', EARLY, LATE],
    ['one instant', EARLY, EARLY],
    ['without a start', undefined, EARLY],
    ['without an end', LATE, undefined],
  ])('accepts a range %s', (_case, from, to) => {
    expect(rangeOrderProblem(from, to, 'to')).toBeUndefined();
  });
});

describe('Function: orderedBounds', () => {
  const query = z
    .object({
      start: boundSchema('start', 'start', 'Earliest.'),
      end: boundSchema('end', 'end', 'Latest.'),
    })
    .superRefine(orderedBounds('start', 'end'));

  it('puts the issue on the start parameter, after normalising both bounds', () => {
    // Act
    const result = query.safeParse({ start: '2025-02-17', end: '2025-02-16' });

    // Assess
    expect(result.success).toBe(false);
    expect(result.error?.issues).toMatchObject([
      { path: ['start'], message: `must not be after end (${LATE})` },
    ]);
  });

  it('passes an ordered range through', () => {
    expect(query.parse({ start: '2025-02-16', end: '2025-02-16' })).toStrictEqual({
      start: EARLY,
      end: LATE,
    });
  });
});
