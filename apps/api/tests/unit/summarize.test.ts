import { describe, expect, it } from 'vitest';
import type { BucketAggregate } from '../../src/adapters/SummaryStore.js';
import { summarize } from '../../src/summarize.js';

function aggregate(
  site: string,
  bucket: string,
  generated: number,
  consumed: number,
  anomalies = 0,
): BucketAggregate {
  return {
    site_id: site,
    bucket,
    generated_kwh: generated,
    consumed_kwh: consumed,
    net_kwh: Number((generated - consumed).toFixed(4)),
    count: 2,
    anomalies,
  };
}

describe('Function: summarize', () => {
  it('gives per-site totals, per-bucket totals across sites, and the items in order', () => {
    // Prepare
    const bySite = new Map([
      [
        'site1',
        [aggregate('site1', '2025-02-16T22', 0.2, 0.1), aggregate('site1', '2025-02-16T21', 0.1, 0.2, 1)],
      ],
      ['site2', [aggregate('site2', '2025-02-16T21', 10.1, 3.3)]],
    ]);

    // Act
    const views = summarize(['site1', 'site2', 'site3'], bySite);

    // Assess: sums are exact (0.1 + 0.2 = 0.3), sites without data are zero.
    expect(views.items.map((i) => `${i.site_id}@${i.bucket}`)).toStrictEqual([
      'site1@2025-02-16T21',
      'site1@2025-02-16T22',
      'site2@2025-02-16T21',
    ]);
    expect(views.sites).toStrictEqual([
      { site_id: 'site1', generated_kwh: 0.3, consumed_kwh: 0.3, net_kwh: 0, count: 4, anomalies: 1 },
      { site_id: 'site2', generated_kwh: 10.1, consumed_kwh: 3.3, net_kwh: 6.8, count: 2, anomalies: 0 },
      { site_id: 'site3', generated_kwh: 0, consumed_kwh: 0, net_kwh: 0, count: 0, anomalies: 0 },
    ]);
    expect(views.timeline).toStrictEqual([
      {
        bucket: '2025-02-16T21',
        generated_kwh: 10.2,
        consumed_kwh: 3.5,
        net_kwh: 6.7,
        count: 4,
        anomalies: 1,
      },
      {
        bucket: '2025-02-16T22',
        generated_kwh: 0.2,
        consumed_kwh: 0.1,
        net_kwh: 0.1,
        count: 2,
        anomalies: 0,
      },
    ]);
  });

  it('answers empty views for no sites', () => {
    // Act
    const views = summarize([], new Map());

    // Assess
    expect(views).toStrictEqual({ items: [], sites: [], timeline: [] });
  });
});
