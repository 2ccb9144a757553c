import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  aggregateReadings,
  bucketBounds,
  bucketOf,
  dayOfHour,
  EnergyDomainError,
  enrichReading,
  fromAggregateItem,
  TouchedBuckets,
  toAggregateItem,
} from '../src/index.js';
import { readingArb } from './helpers/arbitraries.js';

describe('Function: bucketBounds', () => {
  it.each([
    ['hour', '2025-02-16T21', '2025-02-16T21:00:00.000Z', '2025-02-16T21:59:59.999Z'],
    ['day', '2025-02-16', '2025-02-16T00:00:00.000Z', '2025-02-16T23:59:59.999Z'],
  ] as const)('gives the first and last millisecond of a %s', (bucket, value, start, end) => {
    // Act
    const bounds = bucketBounds(bucket, value);

    // Assess
    expect(bounds).toStrictEqual({ start, end });
  });

  it('holds every timestamp whose bucket it is, and no other', () => {
    fc.assert(
      fc.property(readingArb, fc.constantFrom('hour' as const, 'day' as const), (reading, bucket) => {
        // Act
        const { start, end } = bucketBounds(bucket, bucketOf(reading.timestamp, bucket));

        // Assess: canonical timestamps sort as strings, so a BETWEEN on them is a time range.
        expect(start <= reading.timestamp && reading.timestamp <= end).toBe(true);
        expect(bucketOf(start, bucket)).toBe(bucketOf(reading.timestamp, bucket));
        expect(bucketOf(end, bucket)).toBe(bucketOf(reading.timestamp, bucket));
      }),
    );
  });

  it.each([
    ['hour', '2025-02-16'],
    ['day', '2025-02-16T21'],
    ['hour', '2025-02-16T21:00'],
  ] as const)('refuses a %s value %s of the wrong shape, naming it', (bucket, value) => {
    // Act & Assess
    expect(() => bucketBounds(bucket, value)).toThrow(EnergyDomainError);
    expect(() => bucketBounds(bucket, value)).toThrow(`"${value}" is not a ${bucket} bucket value`);
  });
});

describe('Function: dayOfHour', () => {
  it('is the day bucket of any timestamp in that hour', () => {
    fc.assert(
      fc.property(readingArb, (reading) => {
        expect(dayOfHour(bucketOf(reading.timestamp, 'hour'))).toBe(bucketOf(reading.timestamp, 'day'));
      }),
    );
  });
});

describe('Class: TouchedBuckets', () => {
  it('lists each (site, hour) and (site, day) once, sorted', () => {
    // Prepare
    const touched = new TouchedBuckets();

    // Act
    for (const [site_id, timestamp] of [
      ['site2', '2025-02-16T21:30:43.000Z'],
      ['site1', '2025-02-17T00:05:00.000Z'],
      ['site1', '2025-02-16T23:55:00.000Z'],
      ['site1', '2025-02-16T23:50:00.000Z'],
      ['site2', '2025-02-16T21:35:43.000Z'],
    ] as const) {
      touched.add({ site_id, timestamp });
    }

    // Assess
    expect(touched.sites()).toStrictEqual(['site1', 'site2']);
    expect(touched.hours()).toStrictEqual([
      { siteId: 'site1', bucket: 'hour', value: '2025-02-16T23' },
      { siteId: 'site1', bucket: 'hour', value: '2025-02-17T00' },
      { siteId: 'site2', bucket: 'hour', value: '2025-02-16T21' },
    ]);
    expect(touched.days()).toStrictEqual([
      { siteId: 'site1', bucket: 'day', value: '2025-02-16' },
      { siteId: 'site1', bucket: 'day', value: '2025-02-17' },
      { siteId: 'site2', bucket: 'day', value: '2025-02-16' },
    ]);
  });

  it('covers exactly the buckets of the readings added', () => {
    fc.assert(
      fc.property(fc.array(readingArb, { maxLength: 50 }), (readings) => {
        // Prepare
        const touched = new TouchedBuckets();

        // Act
        for (const reading of readings) touched.add(reading);

        // Assess
        const expectedHours = new Set(readings.map((r) => `${r.site_id} ${bucketOf(r.timestamp, 'hour')}`));
        const expectedDays = new Set(readings.map((r) => `${r.site_id} ${bucketOf(r.timestamp, 'day')}`));
        const hours = touched.hours().map((b) => `${b.siteId} ${b.value}`);
        const days = touched.days().map((b) => `${b.siteId} ${b.value}`);
        expect(hours.length).toBe(expectedHours.size);
        expect(new Set(hours)).toStrictEqual(expectedHours);
        expect(days.length).toBe(expectedDays.size);
        expect(new Set(days)).toStrictEqual(expectedDays);
      }),
    );
  });
});

describe('Function: toAggregateItem', () => {
  it('keys the item by site and bucket and carries the totals', () => {
    // Prepare
    const aggregate = aggregateReadings([
      enrichReading({
        site_id: 'site1',
        timestamp: '2025-02-16T21:30:43.000Z',
        energy_generated_kwh: 10.1,
        energy_consumed_kwh: 3.3,
      }),
      enrichReading({
        site_id: 'site1',
        timestamp: '2025-02-16T21:35:43.000Z',
        energy_generated_kwh: -1,
        energy_consumed_kwh: 2,
      }),
    ]);

    // Act
    const item = toAggregateItem('site1', 'hour', '2025-02-16T21', aggregate, '2025-02-16T21:40:00.000Z');

    // Assess
    expect(item).toStrictEqual({
      pk: 'SITE#site1',
      sk: 'HOUR#2025-02-16T21',
      site_id: 'site1',
      bucket: 'hour',
      period: '2025-02-16T21',
      generated_kwh: 9.1,
      consumed_kwh: 5.3,
      net_kwh: 3.8,
      count: 2,
      anomalies: 1,
      updated_at: '2025-02-16T21:40:00.000Z',
    });
    expect(fromAggregateItem(item)).toStrictEqual(aggregate);
  });
});
