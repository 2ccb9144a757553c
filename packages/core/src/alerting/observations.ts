import type { ContributionHead, ContributionPart } from '../fileContribution.js';
import { fnv1a64 } from '../fnv1a64.js';
import { entryNumbers, type PackedSites, SITE_ENTRY, unpackSites } from '../siteTotals.js';
import { periodStartMs } from '../summaryKeys.js';
import { ALERTER_LIMITS } from './constants.js';

/**
 * What one file (segment) says about one site in one hour: the alerter's unit of input. The
 * contribution keeps per-site counts, not each reading's time, so every anomaly of the entry is
 * dated to its last reading (for a 5-minute file of one reading per site, exactly).
 */
export type Observation = {
  /** Site. */
  siteId: string;
  /** Epoch ms of the site's last reading in this file and hour. */
  timeMs: number;
  /** Readings. */
  count: number;
  /** Anomalous readings per rule code (codes with none absent). */
  anomalies: Record<string, number>;
  /** S3 key of the file. */
  sourceKey: string;
};

/**
 * Identity of a head for the alerter's "already folded" bookkeeping: hour, object, segment and
 * the S3 sequencer part of its version order. A redelivered file rewrites its head with a new
 * ingest time but the same sequencer, so it is recognised; a new version of the object (a
 * greater sequencer) is new readings and is folded in too.
 */
export function headIdentity(head: Pick<ContributionHead, 'hour' | 'object' | 'segment' | 'order'>): string {
  const sequencer = head.order.slice(0, head.order.indexOf('|')).replace(/^0+/, '');
  return `${head.hour}#${head.object}#${head.segment}#${sequencer}`;
}

/**
 * A short token of a {@link headIdentity} for the checkpoint's list of folded heads
 * ({@link ALERTER_LIMITS.headTokenDigits} hex digits of its hash): the list is rewritten every
 * run, so its bytes are write units.
 */
export function headToken(identity: string): string {
  return fnv1a64(identity).slice(0, ALERTER_LIMITS.headTokenDigits);
}

function observationsOf(
  packed: PackedSites | undefined,
  codes: readonly string[],
  hourStartMs: number,
  sourceKey: string,
  into: Observation[],
): void {
  for (const [siteId, entry] of Object.entries(unpackSites(packed))) {
    const numbers = entryNumbers(entry);
    const last = numbers[SITE_ENTRY.last] ?? -1;
    const count = numbers[SITE_ENTRY.count] ?? 0;
    if (last < 0 || count === 0) continue;
    const anomalies: Record<string, number> = {};
    codes.forEach((code, index) => {
      const n = numbers[SITE_ENTRY.byCode + index] ?? 0;
      if (n > 0) anomalies[code] = n;
    });
    into.push({ siteId, timeMs: hourStartMs + last, count, anomalies, sourceKey });
  }
}

/**
 * The observations of one contribution head: from its inline `site_totals`, or from its parts
 * `0..parts-1` that carry the head's `order` (others are left over from another version).
 *
 * @example
 * observationsOfHead(head, []); // [{ siteId: 'site1', timeMs: …, count: 1, anomalies: { NEGATIVE_GENERATION: 1 }, sourceKey: 'readings/…json' }]
 */
export function observationsOfHead(
  head: Pick<
    ContributionHead,
    'hour' | 'object' | 'segment' | 'order' | 'parts' | 'codes' | 'site_totals' | 'source'
  >,
  parts: readonly Pick<ContributionPart, 'object' | 'segment' | 'order' | 'part' | 'codes' | 'site_totals'>[],
): Observation[] {
  const start = periodStartMs(head.hour);
  const observations: Observation[] = [];
  if (head.parts === 0) {
    observationsOf(head.site_totals, head.codes, start, head.source.key, observations);
    return observations;
  }
  for (const part of parts) {
    if (
      part.object === head.object &&
      part.segment === head.segment &&
      part.order === head.order &&
      part.part < head.parts
    )
      observationsOf(part.site_totals, part.codes, start, head.source.key, observations);
  }
  return observations;
}
