import { describe, expect, it } from 'vitest';
import {
  alertMessagesPerDay,
  costBreakdown,
  perMillion,
  requestsPerReading,
  totalOf,
} from '../src/costReport.js';
import { type FleetRun, rateMinutes } from '../src/simulation.js';

// A run with hand-made counts: one tick of 1,000 readings, priced by hand from the price table.
const run: FleetRun = {
  sites: 1_000,
  variant: 'pipeline',
  tables: { readings: 'r', summary: 's' },
  ticks: 1,
  ticksRequested: 1,
  readings: 1_000,
  anomalies: 360,
  meter: {
    requests: [
      { service: 'S3', operation: 'PutObject', resource: 'b', requests: 1, failed: 0, billed: 1, ms: 5 },
      { service: 'S3', operation: 'GetObject', resource: 'b', requests: 1, failed: 0, billed: 1, ms: 5 },
      {
        service: 'SQS',
        operation: 'ReceiveMessage',
        resource: 'q',
        requests: 2,
        failed: 0,
        billed: 2,
        ms: 5,
      },
      {
        service: 'SNS',
        operation: 'PublishBatch',
        resource: 't',
        requests: 36,
        failed: 0,
        billed: 360,
        ms: 5,
      },
    ],
    capacity: [
      { table: 'r', readUnits: 0, writeUnits: 1_000, items: 1_000, bytes: 200_000 },
      { table: 'r', index: 'anomalies-by-site', readUnits: 0, writeUnits: 360, items: 360, bytes: 72_000 },
      { table: 's', readUnits: 100, writeUnits: 50, items: 150, bytes: 1 },
      { table: 's', tag: 'alerts', readUnits: 0, writeUnits: 360, items: 360, bytes: 1 },
    ],
  },
  lambdas: {
    processor: { invocations: 1, billedMs: 2_000, memoryMb: 512 },
    summarizer: { invocations: 1, billedMs: 1_000, memoryMb: 1_024 },
  },
  notificationSends: 1,
  storedInTable: 1_000,
  generated: 1_000,
  wallMs: 1,
  tickLagMs: [1],
  summarizer: true,
};

describe('costBreakdown', () => {
  it('prices each component at the list prices and puts alert markers and the summarizer where they belong', () => {
    const cost = costBreakdown(run);
    expect(cost['S3 requests']).toBeCloseTo(0.005 / 1_000 + 0.0004 / 1_000, 12);
    expect(cost['SQS requests']).toBeCloseTo((2 * 0.4) / 1e6, 12);
    expect(cost['Readings table']).toBeCloseTo((1_000 * 0.625) / 1e6, 12);
    expect(cost['Readings anomaly index']).toBeCloseTo((360 * 0.625) / 1e6, 12);
    expect(cost.Alerts).toBeCloseTo((360 * 0.5) / 1e6 + (360 * 0.625) / 1e6, 12);
    const summarizer = 0.2 / 1e6 + 1 * 1 * 0.0000166667;
    expect(cost['Summary upkeep']).toBeCloseTo((100 * 0.125) / 1e6 + (50 * 0.625) / 1e6 + summarizer, 12);
    expect(cost['Lambda GB-seconds (processor)']).toBeCloseTo(2 * 0.5 * 0.0000166667, 12);
    expect(totalOf(cost)).toBeGreaterThan(cost['Readings table']);
    expect(perMillion(totalOf(cost), run.readings)).toBeCloseTo(totalOf(cost) * 1_000, 9);
  });

  it('counts alert messages per simulated day from the billed publishes', () => {
    expect(alertMessagesPerDay(run)).toBe(360 * 288);
    expect(requestsPerReading(run).get('SNS PublishBatch')).toBeCloseTo(0.36, 9);
  });
});

describe('rateMinutes', () => {
  it('reads the summarizer schedule the simulation follows', () => {
    expect(rateMinutes('rate(15 minutes)')).toBe(15);
    expect(rateMinutes('rate(1 hour)')).toBe(60);
    expect(() => rateMinutes('cron(0 * * * ? *)')).toThrow(/not a rate/);
  });
});
