import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  aggregateHourReadings,
  aggregateReadings,
  bucketOf,
  enrichReading,
  mergeHourReadings,
  offsetInHour,
  PendingHourReadings,
  toHourReadingEntry,
} from '../src/index.js';
import { readingArb } from './helpers/arbitraries.js';

const at = (timestamp: string, generated: number, consumed: number, site_id = 'site1') =>
  enrichReading({ site_id, timestamp, energy_generated_kwh: generated, energy_consumed_kwh: consumed });

describe('Function: mergeHourReadings', () => {
  it('adds new timestamps and replaces a repeated one', () => {
    // Prepare
    const stored = { '00:00.000': toHourReadingEntry(at('2025-02-16T21:00:00.000Z', 10.1, 3.3)) };

    // Act
    const merged = mergeHourReadings(stored, {
      '00:00.000': toHourReadingEntry(at('2025-02-16T21:00:00.000Z', 11, 3)),
      '05:00.000': toHourReadingEntry(at('2025-02-16T21:05:00.000Z', -1, 2)),
    });

    // Assess
    expect(merged).toStrictEqual({ '00:00.000': [11, 3, 8, 0], '05:00.000': [-1, 2, -3, 1] });
    expect(stored).toStrictEqual({ '00:00.000': [10.1, 3.3, 6.8, 0] });
  });

  it('is idempotent: merging the same readings again changes nothing', () => {
    fc.assert(
      fc.property(fc.array(readingArb, { maxLength: 30 }), (readings) => {
        // Prepare: one site-hour
        const enriched = readings.map((r) =>
          enrichReading({ ...r, site_id: 's', timestamp: `2025-02-16T21:${r.timestamp.slice(14)}` }),
        );

        const pending = new PendingHourReadings();
        for (const reading of enriched) pending.add(reading);
        const incoming = pending.groups()[0]?.readings ?? {};

        // Act
        const once = mergeHourReadings({}, incoming);
        const twice = mergeHourReadings(once, incoming);

        // Assess
        expect(twice).toStrictEqual(once);
      }),
    );
  });
});

describe('Function: aggregateHourReadings', () => {
  it('equals aggregateReadings over the distinct readings', () => {
    fc.assert(
      fc.property(fc.array(readingArb, { maxLength: 40 }), (readings) => {
        // Prepare: one site-hour, last reading per timestamp wins
        const enriched = readings.map((r) =>
          enrichReading({ ...r, site_id: 's', timestamp: `2025-02-16T21:${r.timestamp.slice(14)}` }),
        );
        const last = new Map(enriched.map((r) => [r.timestamp, r]));

        const pending = new PendingHourReadings();
        for (const reading of enriched) pending.add(reading);

        // Act
        const aggregate = aggregateHourReadings(pending.groups()[0]?.readings ?? {});

        // Assess
        expect(aggregate).toStrictEqual(aggregateReadings([...last.values()]));
      }),
    );
  });
});

describe('Class: PendingHourReadings', () => {
  it('groups by site-hour and keeps the last reading per timestamp', () => {
    // Prepare
    const pending = new PendingHourReadings();

    // Act
    pending.add(at('2025-02-16T21:00:00.000Z', 1, 1));
    pending.add(at('2025-02-16T22:00:00.000Z', 2, 2));
    pending.add(at('2025-02-16T21:00:00.000Z', 3, 3));
    pending.add(at('2025-02-16T21:00:00.000Z', 4, 4, 'site2'));

    // Assess
    expect(pending.size).toBe(3);
    expect(pending.groups()).toStrictEqual([
      { siteId: 'site1', hour: '2025-02-16T21', readings: { '00:00.000': [3, 3, 0, 0] } },
      { siteId: 'site1', hour: '2025-02-16T22', readings: { '00:00.000': [2, 2, 0, 0] } },
      { siteId: 'site2', hour: '2025-02-16T21', readings: { '00:00.000': [4, 4, 0, 0] } },
    ]);
    pending.clear();
    expect(pending.size).toBe(0);
    expect(pending.groups()).toStrictEqual([]);
  });

  it('holds each reading under its own hour and offset', () => {
    fc.assert(
      fc.property(readingArb, (reading) => {
        // Prepare
        const pending = new PendingHourReadings();
        const enriched = enrichReading(reading);

        // Act
        pending.add(enriched);

        // Assess
        const [group] = pending.groups();
        expect(group?.hour).toBe(bucketOf(reading.timestamp, 'hour'));
        expect(`${group?.hour}:${offsetInHour(reading.timestamp)}Z`).toBe(reading.timestamp);
        expect(group?.readings).toStrictEqual({
          [offsetInHour(reading.timestamp)]: toHourReadingEntry(enriched),
        });
      }),
    );
  });
});
