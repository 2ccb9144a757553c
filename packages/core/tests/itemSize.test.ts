import { describe, expect, it } from 'vitest';
import { itemSize, NumberText, numberSize, valueSize, writeUnits } from '../src/index.js';

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

  it('sizes numbers in text, binary and sets of them as the wire form carries them', () => {
    // Assess: '0042.1000' has the 3 significant digits of 421; a NumberText is a number, not a string.
    expect(numberSize('0042.1000')).toBe(numberSize(42.1));
    expect(numberSize('-1e5')).toBe(2);
    expect(valueSize(new NumberText('12345'))).toBe(4);
    expect(valueSize('12345')).toBe(5);
    expect(valueSize(new Uint8Array(10))).toBe(10);
    expect(valueSize(new Set([new NumberText('1'), new NumberText('12345')]))).toBe(2 + 4);
  });

  it('bills one write unit per started KB, at least one', () => {
    // Assess
    expect(writeUnits({ a: 'x' })).toBe(1);
    expect(writeUnits({ a: 'x'.repeat(1_023) })).toBe(1);
    expect(writeUnits({ a: 'x'.repeat(1_024) })).toBe(2);
  });
});
