import { SUMMARY_LIMITS } from './constants.js';
import { sumExact } from './decimal.js';
import { itemSize } from './itemSize.js';
import {
  hasFaultyValue,
  type PackedSites,
  packedSiteBytes,
  packSites,
  type SiteTotalsEntry,
} from './siteTotals.js';
import {
  dayOf,
  headKey,
  hourOf,
  lateDayKey,
  objectId,
  partKey,
  periodStartMs,
  versionOrder,
} from './summaryKeys.js';
import type { EnrichedReading } from './types.js';

/** Which object (and which segment of it) a contribution comes from. */
export type ContributionSource = {
  /** Bucket. */
  bucket: string;
  /** Decoded object key. */
  key: string;
  /** S3 version id, when the bucket is versioned. */
  versionId?: string;
  /** ETag of the object read. */
  eTag?: string;
  /** The S3 event's `sequencer`: orders versions of one key (a newer one replaces an older one's contribution). */
  sequencer?: string;
  /** Deterministic segment number when the processor splits a file; 0 otherwise. */
  segment: number;
};

/** The fleet totals of one file (segment) in one hour: `pk = FLEET#<day>`, `sk = <HH>#<object>#<segment>`. */
export type ContributionHead = {
  /** Partition key. */
  pk: string;
  /** Sort key. */
  sk: string;
  /** Hour `YYYY-MM-DDTHH`. */
  hour: string;
  /** Object id ({@link objectId}). */
  object: string;
  /** Segment of the object. */
  segment: number;
  /** Version order ({@link versionOrder}): of two heads of one object, the greater wins. */
  order: string;
  /** Where the readings came from. */
  source: {
    bucket: string;
    key: string;
    version_id?: string;
    etag?: string;
    sequencer?: string;
    segment: number;
  };
  /** When the processor wrote it, canonical UTC. */
  ingested_at: string;
  /** Generated kWh of the readings without a faulty value. */
  generated_kwh: number;
  /** Consumed kWh of the readings without a faulty value. */
  consumed_kwh: number;
  /** Net kWh of the readings without a faulty value. */
  net_kwh: number;
  /** Readings. */
  count: number;
  /** Anomalous readings. */
  anomalies: number;
  /** Readings whose energy is left out (a faulty meter value). */
  excluded: number;
  /** Distinct sites. */
  sites: number;
  /** Rule codes of `by_code` and of every site entry's per-code counts, sorted. */
  codes: string[];
  /** Anomalous readings per code, aligned with `codes`. */
  by_code: number[];
  /** Number of part items holding the per-site totals; 0 when they are inline (`site_totals`). */
  parts: number;
  /** Per-site totals (packed), when the whole head fits in one write unit. */
  site_totals?: PackedSites;
};

/** Part of a contribution's per-site totals: `pk = SITES#<hour>`, `sk = <object>#<segment>#<part>`. */
export type ContributionPart = {
  /** Partition key. */
  pk: string;
  /** Sort key. */
  sk: string;
  /** Hour `YYYY-MM-DDTHH`. */
  hour: string;
  /** Object id. */
  object: string;
  /** Segment. */
  segment: number;
  /** Part number, 0-based (a reader uses parts below its head's `parts` only). */
  part: number;
  /** Version order; a part whose order is not its head's is left over from another version. */
  order: string;
  /** Rule codes the per-code counts are aligned with. */
  codes: string[];
  /** Per-site totals (packed). */
  site_totals: PackedSites;
};

/**
 * Marker that a file came late for a day (readings of an hour more than
 * `SUMMARY_LIMITS.liveHours` before it was processed): `pk = LATE`, `sk = <day>`. The
 * summarizer then re-examines the whole day, which its scan from the checkpoint would miss.
 */
type LateDayMarker = {
  /** Partition key. */
  pk: string;
  /** Sort key (the day). */
  sk: string;
  /** When it was marked (the processor's clock, so that each marking differs), canonical UTC. */
  marked_at: string;
};

/** One item of a contribution. */
export type ContributionItem = ContributionHead | ContributionPart | LateDayMarker;

// One stored reading, compactly: generated, consumed, net, and its anomaly reasons.
type Held = [generated: number, consumed: number, net: number, reasons: readonly string[]];

/** Milliseconds of a canonical timestamp after the start of its hour. */
function offsetInHourMs(timestamp: string): number {
  return (
    Number(timestamp.slice(14, 16)) * 60_000 +
    Number(timestamp.slice(17, 19)) * 1_000 +
    Number(timestamp.slice(20, 23))
  );
}

/**
 * The summary contribution of one file (or one segment of it): its stored readings grouped by
 * hour and site. Pure: the processor adds each stored reading, then turns it into items with
 * {@link contributionItems}. Holds about 100 bytes per reading, since the last reading of a
 * (site, timestamp) must replace an earlier one of the same file.
 *
 * @example
 * const contribution = new FileContribution();
 * for (const reading of stored) contribution.add(reading);
 * const items = contributionItems(contribution, { bucket, key, segment: 0 }, ingestedAt);
 */
export class FileContribution {
  // hour -> site -> offset in the hour (ms) -> reading
  readonly #hours = new Map<string, Map<string, Map<number, Held>>>();
  #size = 0;

  /** Readings held (distinct site and timestamp). */
  public get size(): number {
    return this.#size;
  }

  /** Hours touched, sorted. */
  public hours(): string[] {
    return [...this.#hours.keys()].sort();
  }

  /** Adds a stored reading; a later one of the same site and timestamp replaces it. */
  public add(reading: EnrichedReading): void {
    const hour = hourOf(reading.timestamp);
    let sites = this.#hours.get(hour);
    if (!sites) {
      sites = new Map();
      this.#hours.set(hour, sites);
    }
    let readings = sites.get(reading.site_id);
    if (!readings) {
      readings = new Map();
      sites.set(reading.site_id, readings);
    }
    const offset = offsetInHourMs(reading.timestamp);
    if (!readings.has(offset)) this.#size++;
    readings.set(offset, [
      reading.energy_generated_kwh,
      reading.energy_consumed_kwh,
      reading.net_energy_kwh,
      reading.anomaly_reasons,
    ]);
  }

  /** The per-site totals of one hour (sites sorted) and the codes they count, for {@link contributionItems}. */
  public siteTotals(hour: string): { codes: string[]; sites: [string, number[]][] } {
    const sites = this.#hours.get(hour) ?? new Map<string, Map<number, Held>>();
    const codeSet = new Set<string>();
    for (const readings of sites.values())
      for (const held of readings.values()) for (const code of held[3]) codeSet.add(code);
    const codes = [...codeSet].sort();
    const entries: [string, number[]][] = [];
    for (const siteId of [...sites.keys()].sort()) {
      const readings = sites.get(siteId) as Map<number, Held>;
      const generated: number[] = [];
      const consumed: number[] = [];
      const net: number[] = [];
      let anomalies = 0;
      let excluded = 0;
      let first = Number.POSITIVE_INFINITY;
      let last = -1;
      const byCode = codes.map(() => 0);
      for (const [offset, [g, c, n, reasons]] of readings) {
        if (offset < first) first = offset;
        if (offset > last) last = offset;
        if (reasons.length > 0) {
          anomalies++;
          for (const code of reasons) {
            const index = codes.indexOf(code);
            byCode[index] = (byCode[index] ?? 0) + 1;
          }
        }
        if (hasFaultyValue(reasons)) {
          excluded++;
          continue;
        }
        generated.push(g);
        consumed.push(c);
        net.push(n);
      }
      entries.push([
        siteId,
        [
          sumExact(generated),
          sumExact(consumed),
          sumExact(net),
          readings.size,
          anomalies,
          excluded,
          first,
          last,
          ...byCode,
        ],
      ]);
    }
    return { codes, sites: entries };
  }
}

/** Options of {@link contributionItems}; defaults from {@link SUMMARY_LIMITS}. */
export type ContributionItemsOptions = {
  /** Largest head that still carries its per-site totals, bytes. */
  inlineHeadBytes?: number;
  /** Largest per-site payload of one part, bytes. */
  maxPartBytes?: number;
  /**
   * When the processor handled the file, canonical UTC (default: `ingestedAt`): a day whose hours
   * began more than `SUMMARY_LIMITS.liveHours` before it gets a {@link LateDayMarker}.
   * `ingestedAt` is the version's own time, which a late or redriven file keeps.
   */
  processedAt?: string;
};

function sourceAttribute(source: ContributionSource): ContributionHead['source'] {
  return {
    bucket: source.bucket,
    key: source.key,
    ...(source.versionId !== undefined && { version_id: source.versionId }),
    ...(source.eTag !== undefined && { etag: source.eTag }),
    ...(source.sequencer !== undefined && { sequencer: source.sequencer }),
    segment: source.segment,
  };
}

/**
 * The summary-table items of a contribution: per hour touched, one head with the file's fleet
 * totals and as many parts as the per-site totals need (none when they fit in the head), plus a
 * {@link LateDayMarker} per day with an hour that began more than `SUMMARY_LIMITS.liveHours`
 * before `processedAt`. Every key is a function
 * of the object, segment and hour, so a redelivered file puts the same items again, concurrent
 * files never share an item, and a newer version of the object overwrites the older one's
 * (readers drop parts whose `order` is not their head's).
 *
 * @example
 * contributionItems(contribution, { bucket: 'raw', key: 'k.json', sequencer: '0055AED6DCD90281E5', segment: 0 }, '2025-02-16T21:35:00.000Z');
 * // [{ pk: 'FLEET#2025-02-16', sk: '21#…#0', count: 10, site_totals: 'site1=52.3412,17.5,…', parts: 0, ... }]
 */
export function contributionItems(
  contribution: FileContribution,
  source: ContributionSource,
  ingestedAt: string,
  options: ContributionItemsOptions = {},
): ContributionItem[] {
  const inlineHeadBytes = options.inlineHeadBytes ?? SUMMARY_LIMITS.inlineHeadBytes;
  const maxPartBytes = options.maxPartBytes ?? SUMMARY_LIMITS.maxPackedBytes;
  const object = objectId(source.bucket, source.key);
  const order = versionOrder(source.sequencer, ingestedAt);
  const items: ContributionItem[] = [];
  for (const hour of contribution.hours()) {
    const { codes, sites } = contribution.siteTotals(hour);
    const generated: number[] = [];
    const consumed: number[] = [];
    const net: number[] = [];
    let count = 0;
    let anomalies = 0;
    let excluded = 0;
    const byCode = codes.map(() => 0);
    for (const [, entry] of sites) {
      generated.push(entry[0] as number);
      consumed.push(entry[1] as number);
      net.push(entry[2] as number);
      count += entry[3] as number;
      anomalies += entry[4] as number;
      excluded += entry[5] as number;
      for (let i = 0; i < codes.length; i++) byCode[i] = (byCode[i] ?? 0) + (entry[8 + i] as number);
    }
    const head: ContributionHead = {
      ...headKey(hour, object, source.segment),
      hour,
      object,
      segment: source.segment,
      order,
      source: sourceAttribute(source),
      ingested_at: ingestedAt,
      generated_kwh: sumExact(generated),
      consumed_kwh: sumExact(consumed),
      net_kwh: sumExact(net),
      count,
      anomalies,
      excluded,
      sites: sites.length,
      codes,
      by_code: byCode,
      parts: 0,
    };
    const stored: [string, SiteTotalsEntry][] = sites.map(([siteId, entry]) => [siteId, entry.join(',')]);
    const inline: ContributionHead = { ...head, site_totals: packSites(stored) };
    if (itemSize(inline) <= inlineHeadBytes) {
      items.push(inline);
      continue;
    }
    const parts: ContributionPart[] = [];
    let current: [string, SiteTotalsEntry][] = [];
    let currentBytes = 0;
    const flush = (): void => {
      parts.push({
        ...partKey(hour, object, source.segment, parts.length),
        hour,
        object,
        segment: source.segment,
        part: parts.length,
        order,
        codes,
        site_totals: packSites(current),
      });
      current = [];
      currentBytes = 0;
    };
    for (const [siteId, entry] of stored) {
      const bytes = packedSiteBytes(siteId, entry);
      if (currentBytes > 0 && currentBytes + bytes > maxPartBytes) flush();
      current.push([siteId, entry]);
      currentBytes += bytes;
    }
    if (currentBytes > 0) flush();
    items.push({ ...head, parts: parts.length }, ...parts);
  }
  const processedAt = options.processedAt ?? ingestedAt;
  const liveFrom = Date.parse(processedAt) - SUMMARY_LIMITS.liveHours * 3_600_000;
  const lateDays = new Set(
    contribution
      .hours()
      .filter((hour) => periodStartMs(hour) < liveFrom)
      .map(dayOf),
  );
  // Markers last: the writer puts them after the heads, so a summarizer that sees one sees its heads.
  for (const day of [...lateDays].sort()) items.push({ ...lateDayKey(day), marked_at: processedAt });
  return items;
}
