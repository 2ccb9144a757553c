import { describe, expect, it } from 'vitest';
import { newestAnomalies, planAnomalyReads } from '../../dashboard/src/recentAnomalies.js';
import type { AnomalyRecord, BucketTotals, TimeWindow } from '../../dashboard/src/types.js';

const WINDOW: TimeWindow = {
  from: '2025-02-15T21:00:00.000Z',
  to: '2025-02-16T21:30:00.000Z',
  bucket: 'hour',
};

const bucket = (site_id: string, hour: string, anomalies: number): BucketTotals => ({
  site_id,
  bucket: hour,
  generated_kwh: 1,
  consumed_kwh: 1,
  net_kwh: 0,
  count: 12,
  anomalies,
  excluded: anomalies,
});

const record = (site_id: string, timestamp: string): AnomalyRecord => ({
  site_id,
  timestamp,
  energy_generated_kwh: -1,
  energy_consumed_kwh: 3,
  net_energy_kwh: -4,
  anomaly_reasons: ['NEGATIVE_GENERATION'],
});

describe('Function: planAnomalyReads', () => {
  it('reads back only as far as the newest buckets that hold enough anomalies', () => {
    // Prepare: 3 + 2 anomalies in the newest hour, 4 in the hour before, 9 long ago.
    const items = [
      bucket('site1', '2025-02-16T21', 3),
      bucket('site2', '2025-02-16T21', 2),
      bucket('site2', '2025-02-16T20', 4),
      bucket('site3', '2025-02-16T02', 9),
    ];

    // Act
    const reads = planAnomalyReads(items, WINDOW, 8);

    // Assess: 5 in 21:00 are not enough, 21:00 + 20:00 give 9 ≥ 8; site3 has nothing to read.
    expect(reads).toStrictEqual([
      { siteId: 'site1', from: '2025-02-16T20:00:00.000Z', to: WINDOW.to, limit: 3 },
      { siteId: 'site2', from: '2025-02-16T20:00:00.000Z', to: WINDOW.to, limit: 6 },
    ]);
  });

  it('includes every site of the cutoff bucket, capping each read at the number wanted', () => {
    // Prepare
    const items = [bucket('site10', '2025-02-16T21', 30), bucket('site9', '2025-02-16T21', 1)];

    // Act
    const reads = planAnomalyReads(items, WINDOW, 20);

    // Assess
    expect(reads).toStrictEqual([
      { siteId: 'site9', from: '2025-02-16T21:00:00.000Z', to: WINDOW.to, limit: 1 },
      { siteId: 'site10', from: '2025-02-16T21:00:00.000Z', to: WINDOW.to, limit: 20 },
    ]);
  });

  it('reads the whole window when it holds fewer anomalies than wanted', () => {
    // Prepare
    const items = [bucket('site1', '2025-02-15T21', 1), bucket('site1', '2025-02-16T10', 0)];

    // Act
    const reads = planAnomalyReads(items, WINDOW, 20);

    // Assess
    expect(reads).toStrictEqual([{ siteId: 'site1', from: WINDOW.from, to: WINDOW.to, limit: 1 }]);
  });

  it('plans nothing without anomalies', () => {
    expect(planAnomalyReads([bucket('site1', '2025-02-16T21', 0)], WINDOW, 20)).toStrictEqual([]);
  });
});

describe('Function: newestAnomalies', () => {
  it('keeps the newest, newest first, ties ordered by site', () => {
    // Prepare
    const records = [
      record('site2', '2025-02-16T21:00:00.000Z'),
      record('site10', '2025-02-16T21:05:00.000Z'),
      record('site1', '2025-02-16T20:00:00.000Z'),
      record('site9', '2025-02-16T21:05:00.000Z'),
    ];

    // Act
    const newest = newestAnomalies(records, 3);

    // Assess
    expect(newest.map((r) => `${r.site_id}@${r.timestamp.slice(11, 16)}`)).toStrictEqual([
      'site9@21:05',
      'site10@21:05',
      'site2@21:00',
    ]);
  });
});
