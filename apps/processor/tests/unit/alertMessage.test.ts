import { enrichReading } from '@energy/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { alertBody, alertEntry, alertId, alertSubject } from '../../src/ingest/alertMessage.js';

const reading = enrichReading({
  site_id: 'site7',
  timestamp: '2025-02-16T21:30:43.000Z',
  energy_generated_kwh: -1,
  energy_consumed_kwh: -1,
});
const SOURCE = { bucket: 'energy-dev-raw', key: 'readings/2025/02/16/21/20250216T213043Z.json' };

describe('Function: alertEntry', () => {
  it('carries a readable subject, a JSON body and filterable attributes, kind=reading first', () => {
    // Act
    const entry = alertEntry('a0', reading, SOURCE);

    // Assess
    expect(entry).toStrictEqual({
      Id: 'a0',
      Subject: 'Energy anomaly at site7: negative generation, negative consumption (2025-02-16T21:30:43Z)',
      Message: JSON.stringify(alertBody(reading, SOURCE)),
      MessageAttributes: {
        kind: { DataType: 'String', StringValue: 'reading' },
        site_id: { DataType: 'String', StringValue: 'site7' },
        reason: { DataType: 'String.Array', StringValue: '["NEGATIVE_GENERATION","NEGATIVE_CONSUMPTION"]' },
        alert_id: { DataType: 'String', StringValue: alertId(reading) },
      },
    });
    expect(JSON.parse(entry.Message ?? '')).toStrictEqual({
      type: 'energy.anomaly',
      alert_id: alertId(reading),
      site_id: 'site7',
      timestamp: '2025-02-16T21:30:43.000Z',
      energy_generated_kwh: -1,
      energy_consumed_kwh: -1,
      net_energy_kwh: 0,
      reasons: ['NEGATIVE_GENERATION', 'NEGATIVE_CONSUMPTION'],
      descriptions: ['energy_generated_kwh is negative', 'energy_consumed_kwh is negative'],
      source: SOURCE,
    });
  });
});

describe('Function: alertId', () => {
  it('is the same for the same site, timestamp and reasons, and differs when any of them does', () => {
    // Prepare
    const other = enrichReading({ ...reading, energy_consumed_kwh: 2 });

    // Assess
    expect(alertId(reading)).toMatch(/^[0-9a-f]{32}$/);
    expect(alertId({ ...reading })).toBe(alertId(reading));
    expect(alertId(other)).not.toBe(alertId(reading));
    expect(alertId({ ...reading, site_id: 'site8' })).not.toBe(alertId(reading));
  });
});

describe('Function: alertSubject', () => {
  it('never exceeds the 100 characters SNS allows, nor holds a line break', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom(...'abcXYZ019_.-'), minLength: 1, maxLength: 64 }),
        fc.subarray(['NEGATIVE_GENERATION', 'NEGATIVE_CONSUMPTION'], { minLength: 1 }),
        (siteId, reasons) => {
          // Act
          const subject = alertSubject({
            site_id: `s${siteId}`,
            timestamp: reading.timestamp,
            anomaly_reasons: reasons,
          });

          // Assess
          expect(subject.length).toBeLessThanOrEqual(100);
          expect(subject).not.toMatch(/[\r\n]/);
          expect(subject.startsWith(`Energy anomaly at s${siteId}`.slice(0, 99))).toBe(true);
        },
      ),
    );
  });
});
