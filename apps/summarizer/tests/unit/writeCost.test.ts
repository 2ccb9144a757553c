import {
  contributionItems,
  FileContribution,
  mergeSiteTotals,
  type PeriodTotals,
  rollupItems,
  shardCountFor,
  sumHourSites,
  writeUnits,
} from '@energy/core';
import { describe, expect, it } from 'vitest';
import { tickReadings } from '../helpers/contributions.js';

// The summary's write cost per reading, from the items the code writes (DynamoDB bills a put one
// write unit per started KB of the whole item): one hour of five-minute ticks of N sites, each
// tick one file (the processor's contribution), and the summarizer every 15 minutes rewriting the
// open hour's and the day's per-site rollups and the day record. The cost meter (docs/cost.md)
// measures the same on the wire; this pins the design's budget where a regression shows first.

const TICKS_PER_HOUR = 12;
const RUNS_PER_HOUR = 4;
const DAY_RECORD_WRU = 1; // the ROLLED item: shard count, 24 fingerprints, fleet totals (< 1 KB)

type Cost = { sites: number; hotPath: number; summarizer: number; perReading: number };

function hourOfTicks(sites: number): Cost {
  let hotPath = 0;
  const heads = [];
  const parts = [];
  for (let tick = 0; tick < TICKS_PER_HOUR; tick++) {
    const minute = String(tick * 5).padStart(2, '0');
    const contribution = new FileContribution();
    for (const reading of tickReadings(sites, `2025-03-10T11:${minute}:00.000Z`, tick + 1))
      contribution.add(reading);
    const items = contributionItems(
      contribution,
      { bucket: 'raw', key: `t/${minute}.json`, segment: 0 },
      '2025-03-10T11:59:00.000Z',
    );
    for (const item of items) {
      hotPath += writeUnits(item as unknown as Record<string, unknown>);
      if (item.pk.startsWith('FLEET#')) heads.push(item as Parameters<typeof sumHourSites>[1][number]);
      else parts.push(item as Parameters<typeof sumHourSites>[2][number]);
    }
  }
  const hour = sumHourSites('2025-03-10T11', heads, parts);
  // The day so far: eleven earlier hours like this one.
  const day: Map<string, PeriodTotals> = mergeSiteTotals(Array.from({ length: 12 }, () => hour));
  const shards = shardCountFor(sites);
  const runWru = (items: Record<string, unknown>[]) => items.reduce((n, item) => n + writeUnits(item), 0);
  const perRun =
    runWru(rollupItems('hour', '2025-03-10T11', shards, hour, '2025-03-10T11:45:00.000Z')) +
    runWru(rollupItems('day', '2025-03-10', shards, day, '2025-03-10T11:45:00.000Z')) +
    DAY_RECORD_WRU;
  const summarizer = perRun * RUNS_PER_HOUR;
  return { sites, hotPath, summarizer, perReading: (hotPath + summarizer) / (TICKS_PER_HOUR * sites) };
}

describe('Summary write cost per reading', () => {
  const costs = [10, 1_000, 10_000].map(hourOfTicks);

  it.each(costs.map((cost) => [cost.sites, cost]))(
    'stays within the budget at %d sites per tick',
    (_sites, cost) => {
      // Assess: the budget of the issue (≈ 0.4 WRU per reading at 10 sites, ≈ 0.3 at 10,000)
      console.log(
        `${cost.sites} sites: hot path ${cost.hotPath} WRU/h, summarizer ${cost.summarizer} WRU/h, ${cost.perReading.toFixed(3)} WRU per reading`,
      );
      expect(cost.perReading).toBeLessThanOrEqual(cost.sites <= 10 ? 0.4 : 0.3);
    },
  );

  it('costs the hot path one write unit per file at 10 sites (the per-site totals ride in the head)', () => {
    // Assess
    expect(costs[0]?.hotPath).toBe(TICKS_PER_HOUR);
  });
});
