import { describe, expect, it } from 'vitest';
import { itemSize, numberSize, valueSize, writeUnits } from '../src/index.js';

describe('Function: itemSize', () => {
  it.each([
    [0, 2],
    [1, 2],
    [52.3412, 4],
    [123456789, 6],
    [-17.5, 3],
    [0.001, 2],
    [1000, 2],
  ])('sizes the number %d at %d bytes', (value, bytes) => {
    // Assess
    expect(numberSize(value)).toBe(bytes);
  });

  it('counts names, strings, lists and maps as DynamoDB documents them', () => {
    // Prepare
    const item = { pk: 'FLEET#2025-02-16', m: { ab: [1, 'x'] }, é: 'é' };

    // Act
    const size = itemSize(item);

    // Assess: pk 2+16; m 1 + map(3 + 1 + 'ab' 2 + list(3 + 1+2 + 1+1)); 'é' 2 + 2
    expect(size).toBe(18 + 1 + (3 + 1 + 2 + (3 + 3 + 2)) + 4);
    expect(valueSize(new Set(['a', 'bc']))).toBe(3);
  });

  it('bills one write unit per started KB, at least one', () => {
    // Assess
    expect(writeUnits({ a: 'x' })).toBe(1);
    expect(writeUnits({ a: 'x'.repeat(1_023) })).toBe(1);
    expect(writeUnits({ a: 'x'.repeat(1_024) })).toBe(2);
  });
});
