import { enrichReading, evaluateAnomalies, validateReading } from '@energy/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FAULTY_METER_VALUE, simulateTick } from '../../src/simulation/simulateTick.js';

const tickArb = fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2100, 0, 1) });
const settingsArb = fc.record({
  siteCount: fc.integer({ min: 1, max: 40 }),
  anomalyProbability: fc.double({ min: 0, max: 1, noNaN: true }),
  seed: fc.string({ maxLength: 12 }),
});

describe('Function: simulateTick', () => {
  it('writes one valid reading per site, at the tick second', () => {
    fc.assert(
      fc.property(tickArb, settingsArb, (tickMs, settings) => {
        // Act
        const tick = simulateTick(tickMs, settings);

        // Assess
        expect(tick.readings.map((r) => r.site_id)).toStrictEqual(
          Array.from({ length: settings.siteCount }, (_, i) => `site${i + 1}`),
        );
        for (const reading of tick.readings) {
          expect(validateReading(reading).ok).toBe(true);
          expect(reading.timestamp).toBe(
            `${new Date(Math.floor(tickMs / 1000) * 1000).toISOString().slice(0, 19)}Z`,
          );
        }
      }),
    );
  });

  it('has every injected anomaly flagged by the core rules, and nothing else', () => {
    fc.assert(
      fc.property(tickArb, settingsArb, (tickMs, settings) => {
        // Act
        const tick = simulateTick(tickMs, settings);

        // Assess
        for (const reading of tick.readings) {
          const expected = tick.injected.filter((i) => i.site_id === reading.site_id).map((i) => i.reason);
          const validated = validateReading(reading);
          if (!validated.ok) throw new Error('generated reading is invalid');
          expect(evaluateAnomalies(validated.reading)).toStrictEqual(expected);
          expect(enrichReading(validated.reading).anomaly).toBe(expected.length > 0);
        }
      }),
    );
  });

  it('replaces a faulty value by -1 and keeps healthy values within 0..100 at 4 decimals', () => {
    fc.assert(
      fc.property(tickArb, settingsArb, (tickMs, settings) => {
        // Act
        const tick = simulateTick(tickMs, settings);

        // Assess
        for (const reading of tick.readings) {
          for (const field of ['energy_generated_kwh', 'energy_consumed_kwh'] as const) {
            const value = reading[field];
            const injected = tick.injected.some((i) => i.site_id === reading.site_id && i.field === field);
            if (injected) expect(value).toBe(FAULTY_METER_VALUE);
            else {
              expect(value).toBeGreaterThanOrEqual(0);
              expect(value).toBeLessThanOrEqual(100);
              expect(Math.round(value * 10_000) / 10_000).toBe(value);
            }
          }
        }
      }),
    );
  });

  it('is deterministic in (seed, tick) and differs between seeds', () => {
    // Prepare
    const tickMs = Date.parse('2025-02-16T12:30:43Z');
    const settings = { siteCount: 10, anomalyProbability: 0.2, seed: 'a' };

    // Act
    const first = simulateTick(tickMs, settings);
    const again = simulateTick(tickMs + 999, settings);
    const otherSeed = simulateTick(tickMs, { ...settings, seed: 'b' });

    // Assess
    expect(again).toStrictEqual(first);
    expect(otherSeed.readings).not.toStrictEqual(first.readings);
  });

  it('keeps each site independent of the site count', () => {
    // Prepare
    const tickMs = Date.parse('2025-02-16T12:30:43Z');

    // Act
    const few = simulateTick(tickMs, { siteCount: 3, anomalyProbability: 0.2, seed: 's' });
    const many = simulateTick(tickMs, { siteCount: 10, anomalyProbability: 0.2, seed: 's' });

    // Assess
    expect(many.readings.slice(0, 3)).toStrictEqual(few.readings);
  });

  it('follows a daily solar curve: nothing generated at local night, something by day', () => {
    // Prepare: one site, no faults, every 5 minutes over a day.
    const start = Date.parse('2025-06-01T00:00:00Z');
    const settings = { siteCount: 1, anomalyProbability: 0, seed: 'curve' };

    // Act
    const values = Array.from(
      { length: 288 },
      (_, i) => simulateTick(start + i * 300_000, settings).readings[0]?.energy_generated_kwh ?? Number.NaN,
    );

    // Assess: about half the day is dark, and the day has a clear peak.
    const dark = values.filter((v) => v === 0).length;
    expect(dark).toBeGreaterThan(120);
    expect(dark).toBeLessThan(170);
    expect(Math.max(...values)).toBeGreaterThan(10);
  });

  it('injects faults at about the configured rate', () => {
    // Prepare
    const settings = { siteCount: 100, anomalyProbability: 0.2, seed: 'rate' };

    // Act
    const faults = Array.from(
      { length: 50 },
      (_, i) => simulateTick(Date.UTC(2025, 0, 1) + i * 300_000, settings).injected.length,
    ).reduce((a, b) => a + b, 0);

    // Assess: 10,000 values at p = 0.2 → 2,000 expected; ±10% is over 5 standard deviations.
    expect(faults).toBeGreaterThan(1_800);
    expect(faults).toBeLessThan(2_200);
  });
});
