import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  aggregateKey,
  aggregateReadings,
  aggregateSortKeyRange,
  alertMarkerKey,
  bucketOf,
  enrichReading,
  mergeAggregates,
  parseAggregateSortKey,
} from '../src/index.js';
import { readingArb } from './helpers/arbitraries.js';

describe('Function: bucketOf', () => {
  it('cuts canonical timestamps to the hour and the day', () => {
    expect(bucketOf('2025-02-16T21:30:43.000Z', 'hour')).toBe('2025-02-16T21');
    expect(bucketOf('2025-02-16T21:30:43.000Z', 'day')).toBe('2025-02-16');
  });
});

describe('Function: aggregateKey', () => {
  it('round-trips through parseAggregateSortKey', () => {
    const key = aggregateKey('site1', 'hour', '2025-02-16T21');
    expect(key).toStrictEqual({ pk: 'SITE#site1', sk: 'HOUR#2025-02-16T21' });
    expect(parseAggregateSortKey(key.sk)).toStrictEqual({ bucket: 'hour', value: '2025-02-16T21' });
    expect(parseAggregateSortKey('ALERT#x')).toBeUndefined();
  });

  it('ranges cover the buckets of both bounds', () => {
    expect(
      aggregateSortKeyRange('day', '2025-02-01T00:00:00.000Z', '2025-02-28T23:59:59.999Z'),
    ).toStrictEqual({
      start: 'DAY#2025-02-01',
      end: 'DAY#2025-02-28',
    });
  });
});

describe('Function: aggregateReadings', () => {
  it('sums exactly and counts anomalies', () => {
    const readings = [
      enrichReading({
        site_id: 's',
        timestamp: '2025-02-16T21:00:00.000Z',
        energy_generated_kwh: 10.1,
        energy_consumed_kwh: 3.3,
      }),
      enrichReading({
        site_id: 's',
        timestamp: '2025-02-16T21:05:00.000Z',
        energy_generated_kwh: 0.2,
        energy_consumed_kwh: -1,
      }),
    ];
    expect(aggregateReadings(readings)).toStrictEqual({
      generated_kwh: 10.3,
      consumed_kwh: 2.3,
      net_kwh: 8,
      count: 2,
      anomalies: 1,
    });
  });

  it('merging the aggregates of parts equals aggregating the whole', () => {
    fc.assert(
      fc.property(fc.array(fc.array(readingArb, { maxLength: 8 }), { maxLength: 6 }), (parts) => {
        const enriched = parts.map((part) => part.map((r) => enrichReading(r)));
        const merged = mergeAggregates(enriched.map((part) => aggregateReadings(part)));
        expect(merged).toStrictEqual(aggregateReadings(enriched.flat()));
      }),
    );
  });
});

describe('Function: alertMarkerKey', () => {
  it('is the same for a redelivered reading and differs per reason set', () => {
    const a = {
      site_id: 's',
      timestamp: '2025-02-16T21:00:00.000Z',
      anomaly_reasons: ['NEGATIVE_GENERATION'],
    };
    expect(alertMarkerKey(a)).toStrictEqual(alertMarkerKey({ ...a }));
    expect(alertMarkerKey(a)).not.toStrictEqual(
      alertMarkerKey({ ...a, anomaly_reasons: ['NEGATIVE_CONSUMPTION'] }),
    );
  });
});
