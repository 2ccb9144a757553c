import { type PackedSites, packSites, unpackSites } from '../siteTotals.js';
import { shardOf } from '../summaryKeys.js';
import { ALERTER_LIMITS } from './constants.js';
import { alerterStateKey } from './keys.js';
import type { AlertMachineState, OpenEpisode, SiteAlertState } from './machine.js';

/**
 * One shard of the alerter's working state: `pk = ALERTER`, `sk = STATE#<shards>#<shard>#<slot>`.
 * Every site of the shard is one line of {@link PackedSites}:
 * `<site>=<last>[;<code>,<opened>,<first>,<last>,<count>,<notified>]…` — `last` is the latest
 * reading's epoch ms in base 36, each episode's times are base-36 offsets back from it (empty
 * when equal to `opened`), `code` an index into the item's `codes`. About 60 bytes per site
 * with two open alerts: 1,000 sites fit in one item of ~60 KB.
 */
export type AlertStateItem = {
  pk: string;
  sk: string;
  /** Shard count of the layout. */
  shards: number;
  /** This shard. */
  shard: number;
  /** Slot (0 or 1) of the shard; the checkpoint says which one is current. */
  slot: number;
  /** Rule codes the entries' `code` indexes. */
  codes: string[];
  /** Packed per-site state. */
  sites: PackedSites;
  /** When the alerter wrote it, canonical UTC. */
  updated_at: string;
};

/** Shards of the working state for a fleet of `sites` sites. */
export function alertShardCount(sites: number): number {
  return Math.max(1, Math.ceil(sites / ALERTER_LIMITS.sitesPerShard));
}

function packSite(site: SiteAlertState, codes: string[]): string {
  const base = site.lastReadingMs;
  const offset = (ms: number): string => (base - ms).toString(36);
  let line = base.toString(36);
  for (const rule of [...site.open.keys()].sort()) {
    const e = site.open.get(rule) as OpenEpisode;
    let code = codes.indexOf(rule);
    if (code < 0) code = codes.push(rule) - 1;
    const opened = offset(e.openedMs);
    line += `;${code},${opened},${e.firstMs === e.openedMs ? '' : offset(e.firstMs)},${offset(e.lastMs)},${e.count},${e.notifiedMs === e.openedMs ? '' : offset(e.notifiedMs)}`;
  }
  return line;
}

function unpackSite(line: string, codes: readonly string[]): SiteAlertState {
  const [head = '', ...episodes] = line.split(';');
  const base = Number.parseInt(head, 36);
  const time = (text: string | undefined, fallback: number): number =>
    text === undefined || text === '' ? fallback : base - Number.parseInt(text, 36);
  const open = new Map<string, OpenEpisode>();
  for (const text of episodes) {
    const [code, opened, first, last, count, notified] = text.split(',');
    const rule = codes[Number(code)];
    if (rule === undefined) throw new Error(`alert state: code ${code} is not in the item's codes`);
    const openedMs = time(opened, base);
    open.set(rule, {
      rule,
      openedMs,
      firstMs: time(first, openedMs),
      lastMs: time(last, openedMs),
      count: Number(count),
      notifiedMs: time(notified, openedMs),
    });
  }
  return { lastReadingMs: base, open };
}

/**
 * The state items of a state, `shards` shards (sites by {@link shardOf}, sorted within a
 * shard, so the same state always packs to the same strings and an unchanged shard is not
 * rewritten), shard `i` in slot `slots[i]` (default 0).
 */
export function packAlertState(
  state: AlertMachineState,
  shards: number,
  updatedAt: string,
  slots: readonly number[] = [],
): AlertStateItem[] {
  const bySite = [...state.keys()].sort();
  const lines: [string, string][][] = Array.from({ length: shards }, () => []);
  const codes: string[][] = Array.from({ length: shards }, () => []);
  for (const siteId of bySite) {
    const shard = shardOf(siteId, shards);
    lines[shard]?.push([siteId, packSite(state.get(siteId) as SiteAlertState, codes[shard] as string[])]);
  }
  return lines.map((entries, shard) => ({
    ...alerterStateKey(shards, shard, slots[shard] ?? 0),
    shards,
    shard,
    slot: slots[shard] ?? 0,
    codes: codes[shard] as string[],
    sites: packSites(entries),
    updated_at: updatedAt,
  }));
}

/** The state held by these items (items of any layout: a re-shard reads the old one). */
export function unpackAlertState(
  items: readonly Pick<AlertStateItem, 'codes' | 'sites'>[],
): AlertMachineState {
  const state: AlertMachineState = new Map();
  for (const item of items)
    for (const [siteId, line] of Object.entries(unpackSites(item.sites)))
      state.set(siteId, unpackSite(line, item.codes));
  return state;
}
