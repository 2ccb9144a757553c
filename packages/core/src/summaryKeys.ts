import { fnv1a64 } from './fnv1a64.js';
import { hashSeed } from './seededRandom.js';
import type { EnrichedReading } from './types.js';

// Key shapes of the summary table. `#` cannot occur in a site id (see SITE_ID), so keys
// built from site ids cannot collide with each other or with the fixed prefixes.
//
// Written by the processor, one set per file (segment) and hour it touches:
//   pk = FLEET#<YYYY-MM-DD>        sk = <HH>#<objectId>#<segment>        contribution head
//   pk = SITES#<YYYY-MM-DDTHH>     sk = <objectId>#<segment>#<part>      contribution part
//   pk = LATE                      sk = <YYYY-MM-DD>                     a late file changed that day
// Written by the summarizer:
//   pk = HOURS#<shards>#<shard>    sk = <YYYY-MM-DDTHH>                  per-site hour rollup of one shard
//   pk = DAYS#<shards>#<shard>     sk = <YYYY-MM-DD>                     per-site day rollup of one shard
//   pk = ROLLED                    sk = <YYYY-MM-DD>                     what the rollups of a day were built from
//   pk = REGISTRY                  sk = <NNNN>                           a string set of site ids
//   pk = SUMMARIZER                sk = CHECKPOINT                       when the last complete run started
// Written by the alerts:
//   pk = ALERT#<site_id>           sk = <timestamp>#<reason,...>         alert sent once marker
//   pk = ALERTS                    sk = <site_id>#<rule>#<opened_at>     alert episode (alertRecord.ts)
//   pk = ALERTER                   sk = META | STATE#<n>#<i>#<slot>           the alerter's working state (alerting/constants.ts)

/** Partition/sort key pair of the summary table. */
export type SummaryKey = {
  /** Partition key. */
  pk: string;
  /** Sort key. */
  sk: string;
};

/** Fixed partition keys and prefixes of the summary table. */
export const SUMMARY_KEY = {
  fleet: 'FLEET#',
  sites: 'SITES#',
  late: 'LATE',
  hours: 'HOURS#',
  days: 'DAYS#',
  rolled: 'ROLLED',
  registry: 'REGISTRY',
  summarizer: 'SUMMARIZER',
} as const;

/**
 * Short, stable id of an object key ({@link fnv1a64} of `bucket/key`). Two keys of one hour
 * colliding would overwrite each other's contribution, hence 64 bits.
 *
 * @example
 * objectId('energy-dev-raw', 'readings/2025/02/16/21/x.json'); // '3c5d…' (16 hex digits)
 */
export function objectId(bucket: string, key: string): string {
  return fnv1a64(`${bucket}/${key}`);
}

/** The day `YYYY-MM-DD` of an hour `YYYY-MM-DDTHH` (or of a canonical timestamp). */
export function dayOf(hourOrTimestamp: string): string {
  return hourOrTimestamp.slice(0, 10);
}

/** The hour `YYYY-MM-DDTHH` of a canonical timestamp. */
export function hourOf(timestamp: string): string {
  return timestamp.slice(0, 13);
}

/** Epoch ms of the start of an hour `YYYY-MM-DDTHH` or a day `YYYY-MM-DD`. */
export function periodStartMs(period: string): number {
  return Date.parse(period.length === 10 ? `${period}T00:00:00.000Z` : `${period}:00:00.000Z`);
}

/** Key of a contribution head: the fleet totals of one file (segment) in one hour. */
export function headKey(hour: string, object: string, segment: number): SummaryKey {
  return { pk: `${SUMMARY_KEY.fleet}${dayOf(hour)}`, sk: `${hour.slice(11, 13)}#${object}#${segment}` };
}

/** Key of one part of a contribution's per-site totals. */
export function partKey(hour: string, object: string, segment: number, part: number): SummaryKey {
  return { pk: `${SUMMARY_KEY.sites}${hour}`, sk: `${object}#${segment}#${part}` };
}

/** Key of the marker that a late file changed a day (see `LateDayMarker`). */
export function lateDayKey(day: string): SummaryKey {
  return { pk: SUMMARY_KEY.late, sk: day };
}

/** Partition of one shard's per-site hour rollups (laid out for `shards` shards). */
export function hourRollupPartition(shards: number, shard: number): string {
  return `${SUMMARY_KEY.hours}${shards}#${shard}`;
}

/** Partition of one shard's per-site day rollups (laid out for `shards` shards). */
export function dayRollupPartition(shards: number, shard: number): string {
  return `${SUMMARY_KEY.days}${shards}#${shard}`;
}

/** Key of the record of what a day's rollups were built from. */
export function rolledDayKey(day: string): SummaryKey {
  return { pk: SUMMARY_KEY.rolled, sk: day };
}

/**
 * Key of the summarizer's checkpoint: the start of its last complete run. The next run reads
 * heads from the hours just before it (and whole days a `LATE` marker names), not whole days.
 */
export function summarizerCheckpointKey(): SummaryKey {
  return { pk: SUMMARY_KEY.summarizer, sk: 'CHECKPOINT' };
}

/** Key of one item of the site registry. */
export function registryKey(index: number): SummaryKey {
  return { pk: SUMMARY_KEY.registry, sk: String(index).padStart(4, '0') };
}

/**
 * The shard of a site among `shards`: a stable hash, so a site stays in its shard for as long
 * as the shard count does, and readers find it without a lookup.
 *
 * @example
 * shardOf('site1', 4); // 0..3, the same on every call
 */
export function shardOf(siteId: string, shards: number): number {
  return hashSeed(siteId) % shards;
}

/**
 * The order of two versions of one object, as a string that sorts like them: the S3 event
 * sequencer left-padded with zeros (AWS: pad the shorter, then compare as strings), then the
 * ingest time, which only breaks ties (same sequencer: the same version, the same content) or
 * orders versions that came without a sequencer.
 */
export function versionOrder(sequencer: string | undefined, ingestedAt: string): string {
  return `${(sequencer ?? '').toUpperCase().padStart(32, '0')}|${ingestedAt}`;
}

/**
 * The `count` days up to `day` (inclusive), newest first: the summarizer's window of days it
 * re-examines on every run, which the views read live.
 *
 * @example
 * recentDays('2025-03-01', 3); // ['2025-03-01', '2025-02-28', '2025-02-27']
 */
export function recentDays(day: string, count: number): string[] {
  const start = Date.parse(`${day}T00:00:00.000Z`);
  return Array.from({ length: count }, (_, i) => new Date(start - i * 86_400_000).toISOString().slice(0, 10));
}

/**
 * Key of the marker that records an alert for one anomalous reading (see the processor's
 * `sendAlerts`): `pk = ALERT#<site_id>`, `sk = <timestamp>#<reason,...>`. `#` cannot occur in
 * a site id, so it cannot collide with the summary's keys.
 */
export function alertMarkerKey(
  reading: Pick<EnrichedReading, 'site_id' | 'timestamp' | 'anomaly_reasons'>,
): SummaryKey {
  return { pk: `ALERT#${reading.site_id}`, sk: `${reading.timestamp}#${reading.anomaly_reasons.join(',')}` };
}
