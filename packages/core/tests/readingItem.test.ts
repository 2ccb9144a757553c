import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { enrichReading, fromReadingItem, READINGS_TABLE, toFlatRecord, toReadingItem } from '../src/index.js';
import { readingArb } from './helpers/arbitraries.js';

const metadata = { sourceKey: 'readings/2025/02/16/21/x.json', ingestedAt: '2025-02-16T21:31:00.000Z' };

describe('Function: toReadingItem', () => {
  it('round-trips reading -> item -> reading', () => {
    fc.assert(
      fc.property(readingArb, (reading) => {
        const enriched = enrichReading(reading);
        expect(fromReadingItem(toReadingItem(enriched, metadata))).toStrictEqual(enriched);
      }),
    );
  });

  it('sets the sparse anomaly index key exactly on anomalous items', () => {
    fc.assert(
      fc.property(readingArb, (reading) => {
        const item = toReadingItem(enrichReading(reading), metadata);
        expect(READINGS_TABLE.anomalyIndexPartitionKey in item).toBe(item.anomaly);
        if (item.anomaly) expect(item.anomaly_site_id).toBe(item.site_id);
      }),
    );
  });

  it('records lineage', () => {
    const item = toReadingItem(
      enrichReading({
        site_id: 's',
        timestamp: '2025-02-16T21:30:43.000Z',
        energy_generated_kwh: 1,
        energy_consumed_kwh: 2,
      }),
      metadata,
    );
    expect(item.source_key).toBe(metadata.sourceKey);
    expect(item.ingested_at).toBe(metadata.ingestedAt);
  });
});

describe('Function: toFlatRecord', () => {
  it('returns exactly the fields the original API returned', () => {
    const item = toReadingItem(
      enrichReading({
        site_id: 's',
        timestamp: '2025-02-16T21:30:43.000Z',
        energy_generated_kwh: -1,
        energy_consumed_kwh: 2,
      }),
      metadata,
    );
    expect(toFlatRecord(item)).toStrictEqual({
      site_id: 's',
      timestamp: '2025-02-16T21:30:43.000Z',
      energy_generated_kwh: -1,
      energy_consumed_kwh: 2,
      net_energy_kwh: -3,
      anomaly: true,
    });
  });
});
