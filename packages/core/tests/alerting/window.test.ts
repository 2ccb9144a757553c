import { describe, expect, it } from 'vitest';
import { hourRangesByDay } from '../../src/index.js';

describe('hourRangesByDay', () => {
  it('splits a window that crosses midnight into one range per day', () => {
    expect(
      hourRangesByDay(Date.parse('2025-03-09T22:30:00Z'), Date.parse('2025-03-10T01:10:00Z')),
    ).toStrictEqual([
      ['2025-03-09T22', '2025-03-09T23'],
      ['2025-03-10T00', '2025-03-10T01'],
    ]);
  });

  it('gives the one hour of a window inside it', () => {
    expect(
      hourRangesByDay(Date.parse('2025-03-10T12:01:00Z'), Date.parse('2025-03-10T12:59:59Z')),
    ).toStrictEqual([['2025-03-10T12', '2025-03-10T12']]);
  });
});
