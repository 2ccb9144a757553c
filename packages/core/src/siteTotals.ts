import { ANOMALY_REASON } from './anomalyRules.js';
import { sumExact } from './decimal.js';
import type { Aggregate } from './types.js';

/**
 * One site's totals over a period, as the summary table stores it: comma-separated numbers,
 * many sites per item (`{ "<site_id>": entry }`), so a fleet of 10,000 sites fits in a few items.
 *
 * `generated,consumed,net,count,anomalies,excluded,first,last[,byCode...]`: energy sums (kWh) of
 * the readings without a faulty value; readings; anomalous readings; readings whose energy is
 * left out; first and last reading time as milliseconds after the start of the item's period
 * (hour or day), -1 when none; then anomalous readings per rule code, aligned with the item's
 * `codes`. A string rather than a list of numbers: about the same bytes, but one attribute value
 * instead of ten to marshal (10,000 sites are 100,000 nested values as lists) — the Lambda's CPU
 * and the emulator's both notice. `String(number)` round-trips, so nothing is lost.
 */
export type SiteTotalsEntry = string;

/**
 * Many sites' entries packed into one string attribute, a line `<site_id>=<entry>` per site.
 * A map attribute of 1,000 sites costs the same bytes, but marshalling it (and, on the emulator,
 * serving it: ~0.4 s per 50 KB item) is far slower than one string. Site ids hold no `=`, `,` or
 * newline (see SITE_ID), so the packing is unambiguous.
 */
export type PackedSites = string;

/** Bytes one site adds to a {@link PackedSites} string (its line and the newline). */
export function packedSiteBytes(siteId: string, entry: SiteTotalsEntry): number {
  return siteId.length + entry.length + 2;
}

/** Packs entries, in the order given. */
export function packSites(entries: Iterable<readonly [string, SiteTotalsEntry]>): PackedSites {
  const lines: string[] = [];
  for (const [siteId, entry] of entries) lines.push(`${siteId}=${entry}`);
  return lines.join('\n');
}

/** Unpacks a {@link PackedSites} string into site id → entry. */
export function unpackSites(packed: PackedSites | undefined): Record<string, SiteTotalsEntry> {
  const sites: Record<string, SiteTotalsEntry> = {};
  if (!packed) return sites;
  for (const line of packed.split('\n')) {
    const at = line.indexOf('=');
    if (at > 0) sites[line.slice(0, at)] = line.slice(at + 1);
  }
  return sites;
}

/** The numbers of an entry (see {@link SiteTotalsEntry}). */
export function entryNumbers(entry: SiteTotalsEntry): number[] {
  return entry.split(',').map(Number);
}

/** Positions in a {@link SiteTotalsEntry}. */
export const SITE_ENTRY = {
  generated: 0,
  consumed: 1,
  net: 2,
  count: 3,
  anomalies: 4,
  excluded: 5,
  first: 6,
  last: 7,
  /** Per-code counts start here. */
  byCode: 8,
} as const;

/**
 * Rule codes that mean "a meter value is faulty": the reading's energy is left out of totals
 * (counted in `excluded`). Stored readings keep their raw values and flags.
 */
const FAULTY_VALUE_REASONS: readonly string[] = [
  ANOMALY_REASON.negativeGeneration,
  ANOMALY_REASON.negativeConsumption,
];

/** True when a reading flagged with these reasons has a faulty meter value. */
export function hasFaultyValue(reasons: readonly string[]): boolean {
  for (const reason of reasons) if (FAULTY_VALUE_REASONS.includes(reason)) return true;
  return false;
}

/** The plain totals of a period: {@link Aggregate} plus the readings whose energy was left out. */
export type Totals = Aggregate & {
  /** Readings whose energy is left out of the sums (a faulty meter value); counted in `count`. */
  excluded: number;
};

/** Totals of one site (or the fleet) over a period, decoded. */
export type PeriodTotals = Totals & {
  /** Epoch ms of the first reading, when there was one. */
  firstMs?: number;
  /** Epoch ms of the last reading, when there was one. */
  lastMs?: number;
  /** Anomalous readings per rule code (codes with none are absent). */
  byCode: Record<string, number>;
};

/** Totals with nothing in them. */
export function emptyTotals(): PeriodTotals {
  return { generated_kwh: 0, consumed_kwh: 0, net_kwh: 0, count: 0, anomalies: 0, excluded: 0, byCode: {} };
}

/**
 * Encodes totals as a stored entry; `periodStartMs` is the start of the item's period and
 * `codes` the item's code list (every code with a count must be in it).
 */
export function encodeEntry(
  totals: PeriodTotals,
  periodStartMs: number,
  codes: readonly string[],
): SiteTotalsEntry {
  const entry = [
    totals.generated_kwh,
    totals.consumed_kwh,
    totals.net_kwh,
    totals.count,
    totals.anomalies,
    totals.excluded,
    totals.firstMs === undefined ? -1 : totals.firstMs - periodStartMs,
    totals.lastMs === undefined ? -1 : totals.lastMs - periodStartMs,
  ];
  for (const code of codes) entry.push(totals.byCode[code] ?? 0);
  return entry.join(',');
}

/** Decodes a stored entry (see {@link encodeEntry}). */
export function decodeEntry(
  stored: SiteTotalsEntry,
  periodStartMs: number,
  codes: readonly string[],
): PeriodTotals {
  const entry = entryNumbers(stored);
  const byCode: Record<string, number> = {};
  codes.forEach((code, index) => {
    const n = entry[SITE_ENTRY.byCode + index] ?? 0;
    if (n > 0) byCode[code] = n;
  });
  const first = entry[SITE_ENTRY.first] ?? -1;
  const last = entry[SITE_ENTRY.last] ?? -1;
  return {
    generated_kwh: entry[SITE_ENTRY.generated] ?? 0,
    consumed_kwh: entry[SITE_ENTRY.consumed] ?? 0,
    net_kwh: entry[SITE_ENTRY.net] ?? 0,
    count: entry[SITE_ENTRY.count] ?? 0,
    anomalies: entry[SITE_ENTRY.anomalies] ?? 0,
    excluded: entry[SITE_ENTRY.excluded] ?? 0,
    ...(first >= 0 && { firstMs: periodStartMs + first }),
    ...(last >= 0 && { lastMs: periodStartMs + last }),
    byCode,
  };
}

/** The codes that have a count in any of these totals, sorted (an item's `codes`). */
export function codesOf(totals: Iterable<PeriodTotals>): string[] {
  const codes = new Set<string>();
  for (const t of totals) for (const code of Object.keys(t.byCode)) codes.add(code);
  return [...codes].sort();
}

/**
 * Sums totals exactly (energy at the inputs' decimal precision) without holding them: energy
 * values are kept until {@link TotalsSum.result}, counts are added as they come. Recomputing
 * from parts, never incrementing stored totals, is what keeps the summary exact under
 * redelivered, concurrent, out-of-order and late files.
 *
 * @example
 * const sum = new TotalsSum();
 * sum.add(a); sum.add(b);
 * sum.result(); // a + b
 */
export class TotalsSum {
  readonly #generated: number[] = [];
  readonly #consumed: number[] = [];
  readonly #net: number[] = [];
  readonly #totals: PeriodTotals = emptyTotals();

  /** Adds one set of totals. */
  public add(totals: PeriodTotals): void {
    const t = this.#totals;
    if (totals.generated_kwh !== 0) this.#generated.push(totals.generated_kwh);
    if (totals.consumed_kwh !== 0) this.#consumed.push(totals.consumed_kwh);
    if (totals.net_kwh !== 0) this.#net.push(totals.net_kwh);
    t.count += totals.count;
    t.anomalies += totals.anomalies;
    t.excluded += totals.excluded;
    if (totals.firstMs !== undefined && (t.firstMs === undefined || totals.firstMs < t.firstMs))
      t.firstMs = totals.firstMs;
    if (totals.lastMs !== undefined && (t.lastMs === undefined || totals.lastMs > t.lastMs))
      t.lastMs = totals.lastMs;
    for (const [code, n] of Object.entries(totals.byCode)) t.byCode[code] = (t.byCode[code] ?? 0) + n;
  }

  /** The sum of everything added. */
  public result(): PeriodTotals {
    return {
      ...this.#totals,
      generated_kwh: sumExact(this.#generated),
      consumed_kwh: sumExact(this.#consumed),
      net_kwh: sumExact(this.#net),
      byCode: { ...this.#totals.byCode },
    };
  }
}

/** The plain totals of {@link PeriodTotals} (what the API returns per bucket). */
export function toTotals(totals: PeriodTotals): Totals {
  return {
    generated_kwh: totals.generated_kwh,
    consumed_kwh: totals.consumed_kwh,
    net_kwh: totals.net_kwh,
    count: totals.count,
    anomalies: totals.anomalies,
    excluded: totals.excluded,
  };
}
