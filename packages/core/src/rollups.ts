import { SUMMARY_LIMITS } from './constants.js';
import type { ContributionHead, ContributionPart } from './fileContribution.js';
import { hashSeed } from './seededRandom.js';
import {
  codesOf,
  decodeEntry,
  encodeEntry,
  type PackedSites,
  type PeriodTotals,
  packedSiteBytes,
  packSites,
  type SiteTotalsEntry,
  TotalsSum,
  unpackSites,
} from './siteTotals.js';
import { dayRollupPartition, hourRollupPartition, periodStartMs, shardOf } from './summaryKeys.js';

/** What the summarizer and the fleet view need of a head to tell versions apart. */
export type HeadVersion = Pick<ContributionHead, 'sk' | 'object' | 'segment' | 'order' | 'count'>;

/**
 * The heads that count: of every object, only those of its newest version (greatest `order`).
 * A newer version of an object replaces the older one's contribution; its heads overwrite the
 * older ones in the hours both touch, and this drops the older ones left in other hours (and
 * segments the newer version no longer has).
 *
 * @example
 * currentHeads([{ object: 'a', order: '1', ... }, { object: 'a', order: '2', ... }]); // the order-2 one
 */
export function currentHeads<T extends Pick<HeadVersion, 'object' | 'order'>>(heads: readonly T[]): T[] {
  const newest = new Map<string, string>();
  for (const head of heads) {
    const seen = newest.get(head.object);
    if (seen === undefined || head.order > seen) newest.set(head.object, head.order);
  }
  return heads.filter((head) => newest.get(head.object) === head.order);
}

/**
 * A fingerprint of the heads of one hour: it changes when a file is added, redelivered or
 * replaced, so the summarizer re-sums only hours whose fingerprint differs from the one it
 * rolled up last time.
 */
export function hourFingerprint(heads: readonly Pick<HeadVersion, 'sk' | 'order' | 'count'>[]): string {
  const text = heads
    .map((head) => `${head.sk}|${head.order}|${head.count}`)
    .sort()
    .join('\n');
  return `${heads.length}:${hashSeed(text).toString(16)}:${hashSeed(`~${text}`).toString(16)}`;
}

/**
 * Re-sums the per-site totals of one hour from its current heads and parts: inline totals of a
 * head, or its parts `0..parts-1` written with the head's `order` (parts of another version, or
 * beyond the head's count, are left over and ignored). Recomputed, never incremented: exact
 * whatever order, repetition or concurrency the files came with.
 *
 * @example
 * sumHourSites('2025-02-16T21', currentHeads(heads), parts); // Map { 'site1' => totals, ... }
 */
export function sumHourSites(
  hour: string,
  heads: readonly Pick<
    ContributionHead,
    'object' | 'segment' | 'order' | 'parts' | 'codes' | 'site_totals'
  >[],
  parts: readonly Pick<ContributionPart, 'object' | 'segment' | 'order' | 'part' | 'codes' | 'site_totals'>[],
): Map<string, PeriodTotals> {
  const start = periodStartMs(hour);
  const sums = new Map<string, TotalsSum>();
  const addAll = (packed: PackedSites | undefined, codes: readonly string[]): void => {
    for (const [siteId, entry] of Object.entries(unpackSites(packed))) {
      let sum = sums.get(siteId);
      if (!sum) {
        sum = new TotalsSum();
        sums.set(siteId, sum);
      }
      sum.add(decodeEntry(entry, start, codes));
    }
  };
  const wanted = new Map<string, Pick<ContributionHead, 'order' | 'parts'>>();
  for (const head of heads) {
    if (head.parts === 0) addAll(head.site_totals, head.codes);
    else wanted.set(`${head.object}#${head.segment}`, head);
  }
  for (const part of parts) {
    const head = wanted.get(`${part.object}#${part.segment}`);
    if (head && part.order === head.order && part.part < head.parts) addAll(part.site_totals, part.codes);
  }
  return new Map([...sums].map(([siteId, sum]) => [siteId, sum.result()]));
}

/** Sums per-site totals of several periods (the hours of a day) per site. */
export function mergeSiteTotals(
  periods: Iterable<ReadonlyMap<string, PeriodTotals>>,
): Map<string, PeriodTotals> {
  const sums = new Map<string, TotalsSum>();
  for (const period of periods) {
    for (const [siteId, totals] of period) {
      let sum = sums.get(siteId);
      if (!sum) {
        sum = new TotalsSum();
        sums.set(siteId, sum);
      }
      sum.add(totals);
    }
  }
  return new Map([...sums].map(([siteId, sum]) => [siteId, sum.result()]));
}

/** Shards the rollups of a fleet of `sites` sites use: one per {@link SUMMARY_LIMITS.sitesPerShard}. */
export function shardCountFor(sites: number): number {
  return Math.max(1, Math.ceil(sites / SUMMARY_LIMITS.sitesPerShard));
}

/** Granularity of a rollup. */
export type RollupKind = 'hour' | 'day';

/**
 * Per-site totals of one shard over one period: `pk = HOURS#<shards>#<shard>` or
 * `DAYS#<shards>#<shard>`, `sk = <period>#<n>` (`n` > 0 only when a shard outgrows one item).
 */
export type RollupItem = {
  /** Partition key. */
  pk: string;
  /** Sort key. */
  sk: string;
  /** Hour `YYYY-MM-DDTHH` or day `YYYY-MM-DD`. */
  period: string;
  /** Shard count of the layout. */
  shards: number;
  /** This shard. */
  shard: number;
  /** Item of the shard's period, 0-based. */
  n: number;
  /** Items of the shard's period (readers drop items with `n` ≥ item 0's `of`). */
  of: number;
  /** Codes the per-code counts of the entries are aligned with. */
  codes: string[];
  /** Per-site totals (packed); first/last times relative to the period's start. */
  site_totals: PackedSites;
  /** When the summarizer wrote it, canonical UTC. */
  updated_at: string;
};

/** The partition of a rollup. */
export function rollupPartition(kind: RollupKind, shards: number, shard: number): string {
  return kind === 'hour' ? hourRollupPartition(shards, shard) : dayRollupPartition(shards, shard);
}

/**
 * The rollup items of one period: every shard gets an item (an empty one too, so a shard that
 * lost its last site is overwritten), sites packed up to `maxBytes` per item.
 *
 * @example
 * rollupItems('hour', '2025-02-16T21', 1, sites, '2025-02-16T21:45:00.000Z'); // [{ pk: 'HOURS#1#0', sk: '2025-02-16T21#0', ... }]
 */
export function rollupItems(
  kind: RollupKind,
  period: string,
  shards: number,
  sites: ReadonlyMap<string, PeriodTotals>,
  updatedAt: string,
  maxBytes: number = SUMMARY_LIMITS.maxPackedBytes,
): RollupItem[] {
  const start = periodStartMs(period);
  const byShard: [string, PeriodTotals][][] = Array.from({ length: shards }, () => []);
  for (const siteId of [...sites.keys()].sort()) {
    byShard[shardOf(siteId, shards)]?.push([siteId, sites.get(siteId) as PeriodTotals]);
  }
  const items: RollupItem[] = [];
  byShard.forEach((entries, shard) => {
    const codes = codesOf(entries.map(([, totals]) => totals));
    const packed: [string, SiteTotalsEntry][][] = [[]];
    let bytes = 0;
    for (const [siteId, totals] of entries) {
      const entry = encodeEntry(totals, start, codes);
      const size = packedSiteBytes(siteId, entry);
      if (bytes > 0 && bytes + size > maxBytes) {
        packed.push([]);
        bytes = 0;
      }
      packed[packed.length - 1]?.push([siteId, entry]);
      bytes += size;
    }
    packed.forEach((siteEntries, n) => {
      items.push({
        pk: rollupPartition(kind, shards, shard),
        sk: `${period}#${n}`,
        period,
        shards,
        shard,
        n,
        of: packed.length,
        codes,
        site_totals: packSites(siteEntries),
        updated_at: updatedAt,
      });
    });
  });
  return items;
}

/**
 * Reads rollup items back into per-period, per-site totals, keeping only `sites` when given.
 * Items beyond the `of` of their period's item 0 are left over from a larger packing: dropped.
 */
export function readRollups(
  items: readonly Pick<RollupItem, 'period' | 'n' | 'of' | 'codes' | 'site_totals'>[],
  sites?: ReadonlySet<string>,
): Map<string, Map<string, PeriodTotals>> {
  const of = new Map<string, number>();
  for (const item of items) if (item.n === 0) of.set(item.period, item.of);
  const periods = new Map<string, Map<string, PeriodTotals>>();
  for (const item of items) {
    if (item.n >= (of.get(item.period) ?? 0)) continue;
    const start = periodStartMs(item.period);
    let period = periods.get(item.period);
    if (!period) {
      period = new Map();
      periods.set(item.period, period);
    }
    for (const [siteId, entry] of Object.entries(unpackSites(item.site_totals))) {
      if (sites && !sites.has(siteId)) continue;
      period.set(siteId, decodeEntry(entry, start, item.codes ?? []));
    }
  }
  return periods;
}

/** A registry item as stored: `pk = REGISTRY`, `sk = <NNNN>`, a string set of site ids. */
export type RegistryItem = {
  /** Index of the item (its sort key as a number). */
  index: number;
  /** Site ids it holds. */
  sites: ReadonlySet<string>;
};

/**
 * Where new sites go in the registry: the last item until it holds
 * {@link SUMMARY_LIMITS.sitesPerRegistryItem}, then new items. Returns the additions per item
 * index (none when every site is known).
 *
 * @example
 * registryAdditions([{ index: 0, sites: new Set(['site1']) }], ['site1', 'site2']); // [{ index: 0, sites: ['site2'] }]
 */
export function registryAdditions(
  registry: readonly RegistryItem[],
  seen: Iterable<string>,
  perItem: number = SUMMARY_LIMITS.sitesPerRegistryItem,
): { index: number; sites: string[] }[] {
  const known = new Set<string>();
  for (const item of registry) for (const site of item.sites) known.add(site);
  const fresh = [...new Set(seen)].filter((site) => !known.has(site)).sort();
  if (fresh.length === 0) return [];
  const last = registry.reduce<RegistryItem | undefined>(
    (a, b) => (a && a.index > b.index ? a : b),
    undefined,
  );
  let index = last?.index ?? 0;
  let room = last ? perItem - last.sites.size : perItem;
  const additions: { index: number; sites: string[] }[] = [];
  for (const site of fresh) {
    if (room <= 0) {
      index++;
      room = perItem;
    }
    const current = additions[additions.length - 1];
    if (current?.index === index) current.sites.push(site);
    else additions.push({ index, sites: [site] });
    room--;
  }
  return additions;
}

/** What the fleet view reads of a contribution head: its totals and version, not its per-site totals. */
export type HeadTotals = Pick<
  ContributionHead,
  | 'hour'
  | 'object'
  | 'order'
  | 'generated_kwh'
  | 'consumed_kwh'
  | 'net_kwh'
  | 'count'
  | 'anomalies'
  | 'excluded'
  | 'codes'
  | 'by_code'
>;

/**
 * Fleet totals per hour from contribution heads (only the current version of each object counts):
 * what `/v1/summary` answers for the whole fleet, live, without reading a per-site item.
 *
 * @example
 * fleetByHour(heads); // Map { '2025-02-16T21' => { count: 120, net_kwh: 812.5, ... } }
 */
export function fleetByHour(heads: readonly HeadTotals[]): Map<string, PeriodTotals> {
  const sums = new Map<string, TotalsSum>();
  for (const head of currentHeads(heads)) {
    let sum = sums.get(head.hour);
    if (!sum) {
      sum = new TotalsSum();
      sums.set(head.hour, sum);
    }
    const byCode: Record<string, number> = {};
    (head.codes ?? []).forEach((code, i) => {
      byCode[code] = head.by_code?.[i] ?? 0;
    });
    sum.add({
      generated_kwh: head.generated_kwh,
      consumed_kwh: head.consumed_kwh,
      net_kwh: head.net_kwh,
      count: head.count,
      anomalies: head.anomalies,
      excluded: head.excluded,
      byCode,
    });
  }
  return new Map([...sums].sort(([a], [b]) => a.localeCompare(b)).map(([hour, sum]) => [hour, sum.result()]));
}

/** What a day's rollups were last built from: `pk = ROLLED`, `sk = <day>`. */
export type RolledDay = {
  /** Partition key. */
  pk: string;
  /** Sort key: the day. */
  sk: string;
  /** Shard count of the day's rollups (readers need it to find a site's shard). */
  shards: number;
  /** Fingerprint of each hour's heads, by `HH`. */
  hours: Record<string, string>;
  /** Sites with readings that day. */
  sites: number;
  /**
   * The fleet's totals of the day (a site-totals entry, first/last relative to the day's start),
   * the sum of its sites' day totals (exact decimal sums: the same as summing the heads): the
   * fleet's daily view reads these for days it no longer reads live.
   */
  fleet: SiteTotalsEntry;
  /** Codes the per-code counts of `fleet` are aligned with. */
  fleet_codes: string[];
  /** When written, canonical UTC. */
  updated_at: string;
};
