import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { subtractExact, sumExact } from '../src/index.js';

/** The exact decimal a - b for integers scaled by 10^scale, as the double nearest to it. */
function exactDifference(a: bigint, b: bigint, scale: number): number {
  const diff = a - b;
  const negative = diff < 0n;
  const digits = (negative ? -diff : diff).toString().padStart(scale + 1, '0');
  const text = scale === 0 ? digits : `${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
  return (negative ? -1 : 1) * Number(text);
}

describe('Function: subtractExact', () => {
  it.each([
    [10.1, 3.3, 6.8],
    [0.3, 0.1, 0.2],
    [100, 0.0001, 99.9999],
    [-1, 52.1234, -53.1234],
    [1e-9, 1e-9, 0],
    [1.5e21, 0.5e21, 1e21],
    [0, -0, 0],
  ])('%d - %d = %d exactly', (a, b, expected) => {
    expect(subtractExact(a, b)).toBe(expected);
  });

  it('never returns -0', () => {
    expect(Object.is(subtractExact(-0, 0), 0)).toBe(true);
  });

  it('is exact at the inputs decimal precision', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(10n ** 12n), max: 10n ** 12n }),
        fc.bigInt({ min: -(10n ** 12n), max: 10n ** 12n }),
        fc.integer({ min: 0, max: 6 }),
        (a, b, scale) => {
          const toNumber = (n: bigint) => exactDifference(n, 0n, scale);
          expect(subtractExact(toNumber(a), toNumber(b))).toBe(exactDifference(a, b, scale));
        },
      ),
    );
  });
});

describe('Function: sumExact', () => {
  it('sums without binary drift', () => {
    expect(sumExact([0.1, 0.2])).toBe(0.3);
    expect(sumExact(Array.from({ length: 10 }, () => 0.1))).toBe(1);
    expect(sumExact([])).toBe(0);
  });

  it('handles exponent forms', () => {
    expect(sumExact([1e-7, 2e-7])).toBe(3e-7);
    expect(sumExact([1e22, 1])).toBe(1e22 + 1);
  });
});
