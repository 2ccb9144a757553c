import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ANOMALY_REASON,
  type AnomalyRule,
  DEFAULT_ANOMALY_RULES,
  enrichReading,
  evaluateAnomalies,
  type Reading,
} from '../src/index.js';
import { readingArb } from './helpers/arbitraries.js';

const reading = (generated: number, consumed: number): Reading => ({
  site_id: 'site1',
  timestamp: '2025-02-16T21:30:43.000Z',
  energy_generated_kwh: generated,
  energy_consumed_kwh: consumed,
});

describe('Function: evaluateAnomalies', () => {
  it.each([
    [0, 0, []],
    [-0, -0, []],
    [-1e-9, 5, [ANOMALY_REASON.negativeGeneration]],
    [5, -1e-9, [ANOMALY_REASON.negativeConsumption]],
    [-1, -1, [ANOMALY_REASON.negativeGeneration, ANOMALY_REASON.negativeConsumption]],
    [Number.MAX_VALUE, Number.MAX_VALUE, []],
    [-Number.MAX_VALUE, 0, [ANOMALY_REASON.negativeGeneration]],
    [Number.MIN_VALUE, Number.MIN_VALUE, []],
  ])('generated %d, consumed %d gives %j', (generated, consumed, expected) => {
    expect(evaluateAnomalies(reading(generated, consumed))).toStrictEqual(expected);
  });

  it('flags exactly the readings with a negative value', () => {
    fc.assert(
      fc.property(readingArb, (r) => {
        const reasons = evaluateAnomalies(r);
        expect(reasons.includes(ANOMALY_REASON.negativeGeneration)).toBe(r.energy_generated_kwh < 0);
        expect(reasons.includes(ANOMALY_REASON.negativeConsumption)).toBe(r.energy_consumed_kwh < 0);
      }),
    );
  });

  it('takes an extended rule list without changes to callers', () => {
    // Prepare
    const spike: AnomalyRule = {
      code: 'GENERATION_SPIKE',
      description: 'more than 1 MWh in one interval',
      matches: (r) => r.energy_generated_kwh > 1000,
    };

    // Act
    const enriched = enrichReading(reading(5000, -2), [...DEFAULT_ANOMALY_RULES, spike]);

    // Assess
    expect(enriched.anomaly_reasons).toStrictEqual([ANOMALY_REASON.negativeConsumption, 'GENERATION_SPIKE']);
    expect(enriched.anomaly).toBe(true);
  });
});

describe('Function: enrichReading', () => {
  it('computes exact net energy and the verdict', () => {
    expect(enrichReading(reading(10.1, 3.3))).toStrictEqual({
      ...reading(10.1, 3.3),
      net_energy_kwh: 6.8,
      anomaly: false,
      anomaly_reasons: [],
    });
  });

  it('keeps the original faulty-meter convention: -1 is an anomaly, net still computed', () => {
    const enriched = enrichReading(reading(-1, 52.1234));
    expect(enriched.net_energy_kwh).toBe(-53.1234);
    expect(enriched.anomaly_reasons).toStrictEqual([ANOMALY_REASON.negativeGeneration]);
  });
});
