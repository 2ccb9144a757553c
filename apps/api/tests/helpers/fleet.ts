import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import {
  type ContributionHead,
  codesOf,
  emptyTotals,
  encodeEntry,
  headKey,
  objectId,
  type PeriodTotals,
  periodStartMs,
  type RolledDay,
  recentDays,
  registryKey,
  rolledDayKey,
  rollupItems,
  SUMMARY_LIMITS,
  shardCountFor,
  TotalsSum,
} from '@energy/core';
import { batchPut } from './dynamo.js';

/** The shape of a seeded fleet. */
export type FleetSpec = {
  /** Sites, `site1` … `site<n>`. */
  sites: number;
  /** Last day seeded, `YYYY-MM-DD`; the days before it are seeded too. */
  lastDay: string;
  /** Days seeded, ending with `lastDay`. */
  days: number;
  /** Files (heads) per day: 288 for a five-minute tick. */
  filesPerDay?: number;
  /** Days (the latest) that also get per-site hour rollups. */
  hourDays?: number;
  /**
   * Days (the latest) that get their heads; older days are read from their day records, as
   * once the summarizer has rolled them up. Default {@link SUMMARY_LIMITS.windowDays}.
   */
  headDays?: number;
};

/** What was seeded, for the assertions. */
export type SeededFleet = {
  /** Site ids. */
  siteIds: string[];
  /** Shard count of every day. */
  shards: number;
  /** The fleet's readings per day (every site once per file). */
  readingsPerDay: number;
};

function siteTotals(index: number, readings: number): PeriodTotals {
  const faulty = index % 3 === 0 ? 1 : 0;
  return {
    ...emptyTotals(),
    generated_kwh: (index % 97) + 0.5,
    consumed_kwh: (index % 13) + 0.25,
    net_kwh: (index % 97) - (index % 13) + 0.25,
    count: readings,
    anomalies: faulty,
    excluded: faulty,
    byCode: faulty ? { NEGATIVE_GENERATION: 1 } : {},
  };
}

/**
 * Seeds the summary of a large fleet directly, in the layout the processor and the summarizer
 * write (core's key and item functions), without running either: `filesPerDay` small heads per
 * day (fleet totals only, as a file of a large fleet writes them), each day's `ROLLED` record,
 * per-site day rollups for every day and hour rollups for the latest `hourDays`, and the
 * registry. Per-site numbers are synthetic but sized as real ones, since item sizes decide how
 * many Query pages a view needs.
 */
export async function seedFleet(
  client: DynamoDBDocumentClient,
  table: string,
  spec: FleetSpec,
): Promise<SeededFleet> {
  const filesPerDay = spec.filesPerDay ?? 288;
  const siteIds = Array.from({ length: spec.sites }, (_, i) => `site${i + 1}`);
  const shards = shardCountFor(spec.sites);
  const days = recentDays(spec.lastDay, spec.days).reverse();
  const hourDays = new Set(recentDays(spec.lastDay, spec.hourDays ?? 1));
  const headDays = new Set(recentDays(spec.lastDay, spec.headDays ?? SUMMARY_LIMITS.windowDays));
  const items: Record<string, unknown>[] = [];
  const perFile = new TotalsSum();
  siteIds.forEach((_, i) => {
    perFile.add(siteTotals(i, 1));
  });
  const fileTotals = perFile.result();
  const codes = codesOf([fileTotals]);
  for (const day of days) {
    for (let file = 0; headDays.has(day) && file < filesPerDay; file++) {
      const minutes = Math.floor((file * 1_440) / filesPerDay);
      const hour = `${day}T${String(Math.floor(minutes / 60)).padStart(2, '0')}`;
      const object = objectId('raw', `readings/${day}/${file}.json`);
      const head: ContributionHead = {
        ...headKey(hour, object, 0),
        hour,
        object,
        segment: 0,
        order: `${'0'.repeat(32)}|${day}T00:00:00.000Z`,
        source: { bucket: 'raw', key: `readings/${day}/${file}.json`, segment: 0 },
        ingested_at: `${day}T00:00:00.000Z`,
        generated_kwh: fileTotals.generated_kwh,
        consumed_kwh: fileTotals.consumed_kwh,
        net_kwh: fileTotals.net_kwh,
        count: fileTotals.count,
        anomalies: fileTotals.anomalies,
        excluded: fileTotals.excluded,
        sites: spec.sites,
        codes,
        by_code: codes.map((code) => fileTotals.byCode[code] ?? 0),
        parts: 1,
      };
      items.push(head);
    }
    const daySites = new Map(siteIds.map((site, i) => [site, siteTotals(i, filesPerDay)]));
    items.push(...rollupItems('day', day, shards, daySites, `${day}T23:59:00.000Z`));
    if (hourDays.has(day)) {
      const perHour = Math.max(1, Math.round(filesPerDay / 24));
      const hourSites = new Map(siteIds.map((site, i) => [site, siteTotals(i, perHour)]));
      for (let h = 0; h < 24; h++) {
        items.push(
          ...rollupItems(
            'hour',
            `${day}T${String(h).padStart(2, '0')}`,
            shards,
            hourSites,
            `${day}T23:59:00.000Z`,
          ),
        );
      }
    }
    const fleetDay = new TotalsSum();
    for (let f = 0; f < filesPerDay; f++) fleetDay.add(fileTotals);
    const dayTotals = fleetDay.result();
    const dayCodes = codesOf([dayTotals]);
    const rolled: RolledDay = {
      ...rolledDayKey(day),
      shards,
      hours: {},
      sites: spec.sites,
      fleet: encodeEntry(dayTotals, periodStartMs(day), dayCodes),
      fleet_codes: dayCodes,
      updated_at: `${day}T23:59:00.000Z`,
    };
    items.push(rolled);
  }
  for (
    let start = 0, index = 0;
    start < siteIds.length;
    start += SUMMARY_LIMITS.sitesPerRegistryItem, index++
  ) {
    items.push({
      ...registryKey(index),
      site_ids: new Set(siteIds.slice(start, start + SUMMARY_LIMITS.sitesPerRegistryItem)),
    });
  }
  await batchPut(client, table, items);
  return { siteIds, shards, readingsPerDay: filesPerDay * spec.sites };
}
