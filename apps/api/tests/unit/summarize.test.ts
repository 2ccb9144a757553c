import { emptyTotals, type PeriodTotals } from '@energy/core';
import { describe, expect, it } from 'vitest';
import type { HeadTotals, RolledDayView } from '../../src/adapters/SummaryStore.js';
import { bucketsOfRange, fleetTimeline, siteViews, topSites } from '../../src/summarize.js';

function head(hour: string, object: string, order: string, count: number, net: number): HeadTotals {
  return {
    hour,
    object,
    order,
    generated_kwh: net + count,
    consumed_kwh: count,
    net_kwh: net,
    count,
    anomalies: 1,
    excluded: 1,
    codes: ['NEGATIVE_GENERATION'],
    by_code: [1],
  };
}

const totals = (count: number, net: number, anomalies = 0): PeriodTotals => ({
  ...emptyTotals(),
  count,
  net_kwh: net,
  anomalies,
});

describe('Function: bucketsOfRange', () => {
  it('lists the hours and days a range touches, partial ones included', () => {
    // Act
    const range = { from: '2025-02-16T22:30:00.000Z', to: '2025-02-17T01:00:00.000Z' };

    // Assess
    expect(bucketsOfRange('hour', range)).toStrictEqual([
      '2025-02-16T22',
      '2025-02-16T23',
      '2025-02-17T00',
      '2025-02-17T01',
    ]);
    expect(bucketsOfRange('day', range)).toStrictEqual(['2025-02-16', '2025-02-17']);
  });
});

describe('Function: fleetTimeline', () => {
  it('sums the current heads per hour, dropping an older version of an object', () => {
    // Prepare
    const heads = [
      head('2025-02-16T21', 'a', '1', 10, 5.5),
      head('2025-02-16T21', 'b', '1', 10, 0.1),
      head('2025-02-16T22', 'a', '0', 7, 100), // older version of a: replaced
      head('2025-02-16T23', 'c', '1', 3, 0.2),
    ];
    const range = { from: '2025-02-16T00:00:00.000Z', to: '2025-02-16T22:59:59.999Z' };

    // Act
    const { timeline, totals: sum } = fleetTimeline('hour', range, heads, [], new Set());

    // Assess
    expect(timeline).toStrictEqual([
      {
        bucket: '2025-02-16T21',
        generated_kwh: 25.6,
        consumed_kwh: 20,
        net_kwh: 5.6,
        count: 20,
        anomalies: 2,
        excluded: 2,
      },
    ]);
    expect(sum.count).toBe(20);
  });

  it('takes rolled-up days from their records and live days from their heads', () => {
    // Prepare
    const rolled: RolledDayView[] = [
      { sk: '2025-02-15', shards: 1, fleet: '1,2,-1,4,1,1,-1,-1,1', fleet_codes: ['X'] },
      { sk: '2025-02-16', shards: 1, fleet: '0,0,0,999,0,0,-1,-1', fleet_codes: [] },
    ];
    const heads = [head('2025-02-16T21', 'a', '1', 10, 5.5)];
    const range = { from: '2025-02-15T00:00:00.000Z', to: '2025-02-16T23:59:59.999Z' };

    // Act
    const { timeline } = fleetTimeline('day', range, heads, rolled, new Set(['2025-02-16']));

    // Assess
    expect(timeline.map((t) => [t.bucket, t.count, t.net_kwh])).toStrictEqual([
      ['2025-02-15', 4, -1],
      ['2025-02-16', 10, 5.5],
    ]);
  });
});

describe('Function: siteViews', () => {
  it('lists each site by bucket and totals every requested site, zero without readings', () => {
    // Prepare
    const periods = new Map([
      ['2025-02-16T22', new Map([['site1', totals(2, 1.1)]])],
      ['2025-02-16T21', new Map([['site1', totals(1, 0.2)]])],
    ]);

    // Act
    const views = siteViews(['site1', 'site2'], periods);

    // Assess
    expect(views.items.map((i) => [i.site_id, i.bucket, i.count])).toStrictEqual([
      ['site1', '2025-02-16T21', 1],
      ['site1', '2025-02-16T22', 2],
    ]);
    expect(views.sites.map((s) => [s.site_id, s.count, s.net_kwh])).toStrictEqual([
      ['site1', 3, 1.3],
      ['site2', 0, 0],
    ]);
  });
});

describe('Function: topSites', () => {
  it('ranks by anomalies and by net energy over every period, ties by site id', () => {
    // Prepare
    const periods = [
      new Map([
        ['site10', totals(1, 5, 2)],
        ['site2', totals(1, 9, 2)],
        ['site3', totals(1, -1, 0)],
      ]),
      new Map([['site3', totals(1, 20, 1)]]),
    ];

    // Act
    const top = topSites(periods, 2);

    // Assess
    expect(top.sites).toBe(3);
    expect(top.by_anomalies.map((s) => s.site_id)).toStrictEqual(['site2', 'site10']);
    expect(top.by_net.map((s) => [s.site_id, s.net_kwh])).toStrictEqual([
      ['site3', 19],
      ['site2', 9],
    ]);
  });
});
