import { numberSize } from '@energy/core';
import { describe, expect, it } from 'vitest';
import { itemSize, readUnits, valueSize, writeUnits } from '../src/itemSize.js';

// Rules and examples from the DynamoDB Developer Guide: "DynamoDB item sizes and formats" and
// "DynamoDB read and write operations" (read 2026-12-01).
describe('itemSize (DynamoDB item sizes and formats)', () => {
  it('a string is its name plus its UTF-8 bytes', () => {
    expect(itemSize({ site_id: { S: 'site1' } })).toBe(7 + 5);
    // 'é' is two UTF-8 bytes, '€' three.
    expect(itemSize({ n: { S: 'é€' } })).toBe(1 + 5);
  });

  it('a number is one byte per two significant digits plus one, leading and trailing zeros trimmed', () => {
    expect(numberSize('42.1234')).toBe(Math.ceil(6 / 2) + 1);
    expect(numberSize('0042.1000')).toBe(numberSize('42.1'));
    expect(numberSize('-1')).toBe(2);
    expect(numberSize('1000000')).toBe(2);
    expect(numberSize('12345')).toBe(4);
    expect(numberSize('0')).toBe(2);
    expect(itemSize({ kwh: { N: '29.6234' } })).toBe(3 + 4);
    // Sized by its text: 38 significant digits (DynamoDB's most) are 19 + 1 bytes, not rounded to a JS number's 17.
    expect(itemSize({ n: { N: '12345678901234567890123456789012345678' } })).toBe(1 + 20);
  });

  it('binary counts raw bytes (not base64); Boolean and Null one byte', () => {
    expect(itemSize({ b: { B: new Uint8Array(10) } })).toBe(1 + 10);
    expect(itemSize({ anomaly: { BOOL: false } })).toBe(7 + 1);
    expect(itemSize({ gone: { NULL: true } })).toBe(4 + 1);
  });

  it('a List or Map costs 3 bytes plus one per element plus the elements; empty is 3', () => {
    expect(itemSize({ l: { L: [] } })).toBe(1 + 3);
    expect(itemSize({ m: { M: {} } })).toBe(1 + 3);
    // ['ab', 7]: 3 + (2 + 1) + (2 + 1)
    expect(valueSize({ L: [{ S: 'ab' }, { N: '7' }] })).toBe(3 + 3 + 3);
    // { x: 'ab' } nested: 3 + (1 + 2 + 1)
    expect(valueSize({ M: { x: { S: 'ab' } } })).toBe(3 + 4);
    expect(valueSize({ M: { outer: { M: { x: { S: 'ab' } } } } })).toBe(3 + (5 + 7 + 1));
  });

  it('sets are the sum of their elements', () => {
    expect(valueSize({ SS: ['a', 'bcd'] })).toBe(4);
    expect(valueSize({ NS: ['1', '12345'] })).toBe(2 + 4);
  });

  it('a reading item of the readings table is well under one write unit', () => {
    const item = {
      site_id: { S: 'site1' },
      timestamp: { S: '2025-02-16T21:30:43Z' },
      energy_generated_kwh: { N: '42.1234' },
      energy_consumed_kwh: { N: '12.5' },
      net_energy_kwh: { N: '29.6234' },
      anomaly: { BOOL: false },
    };
    const expected = 7 + 5 + 9 + 20 + 20 + 4 + 19 + 3 + 14 + 4 + 7 + 1;
    expect(itemSize(item)).toBe(expected);
    expect(writeUnits(itemSize(item))).toBe(1);
  });

  it('rejects a value that is not an attribute value', () => {
    expect(() => valueSize({} as never)).toThrow(/not a DynamoDB attribute value/);
  });
});

describe('capacity units (DynamoDB read and write operations)', () => {
  it('writes: one unit per started KB, at least one', () => {
    expect(writeUnits(0)).toBe(1);
    expect(writeUnits(1_024)).toBe(1);
    expect(writeUnits(1_025)).toBe(2);
    // The guide: a 500-byte item is 1 WCU, a 3.5 KB item 4 WCU.
    expect(writeUnits(500)).toBe(1);
    expect(writeUnits(3.5 * 1_024)).toBe(4);
  });

  it('reads: one unit per started 4 KB, half when eventually consistent', () => {
    // The guide: a 3,500-byte item reads as 4 KB; 8 KB is 2 units strongly, 1 eventually; 10 KB rounds to 12 KB.
    expect(readUnits(3_500, true)).toBe(1);
    expect(readUnits(8 * 1_024, true)).toBe(2);
    expect(readUnits(8 * 1_024, false)).toBe(1);
    expect(readUnits(10 * 1_024, true)).toBe(3);
    expect(readUnits(0, false)).toBe(0.5);
  });
});
