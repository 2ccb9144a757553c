import { parsePayload } from '@energy/core';
import { describe, expect, it } from 'vitest';
import { tickTime } from '../../src/runTick.js';
import { simulateTick } from '../../src/simulation/simulateTick.js';
import { tickFileBody, tickObjectKey } from '../../src/simulation/tickFile.js';

describe('Function: tickObjectKey', () => {
  it.each([
    ['readings/', '2025-02-16T21:30:43Z', 'readings/2025/02/16/21/20250216T213043Z.json'],
    ['in/raw/', '2025-01-02T03:04:05Z', 'in/raw/2025/01/02/03/20250102T030405Z.json'],
    ['readings/', '2025-02-16T21:30:43.000Z', 'readings/2025/02/16/21/20250216T213043Z.json'],
  ])('partitions %s + %s by hour', (prefix, timestamp, key) => {
    expect(tickObjectKey(prefix, timestamp)).toBe(key);
  });
});

describe('Function: tickFileBody', () => {
  it('is a JSON array the core parser reads back whole', () => {
    // Prepare
    const tick = simulateTick(Date.parse('2025-02-16T21:30:43Z'), {
      siteCount: 10,
      anomalyProbability: 0.2,
      seed: 'x',
    });

    // Act
    const parsed = parsePayload(tickFileBody(tick.readings));

    // Assess
    expect(parsed.format).toBe('array');
    expect(parsed.rejects).toStrictEqual([]);
    expect(
      parsed.readings.map((r) => [r.site_id, r.energy_generated_kwh, r.energy_consumed_kwh]),
    ).toStrictEqual(tick.readings.map((r) => [r.site_id, r.energy_generated_kwh, r.energy_consumed_kwh]));
    expect(JSON.parse(tickFileBody(tick.readings))).toStrictEqual(tick.readings);
  });
});

describe('Function: tickTime', () => {
  it.each([
    [{ scheduledTime: '2025-02-16T21:30:00Z' }, Date.parse('2025-02-16T21:30:00Z')],
    [{ time: '2025-02-16T21:35:00Z' }, Date.parse('2025-02-16T21:35:00Z')],
    [{ scheduledTime: 'soon' }, 42],
    [{}, 42],
    [null, 42],
  ])('takes the tick from %o, else now', (event, expected) => {
    expect(tickTime(event, () => 42)).toBe(expected);
  });
});
