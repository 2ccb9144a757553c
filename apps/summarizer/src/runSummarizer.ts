import type { Logger } from '@aws-lambda-powertools/logger';
import type { SummaryTable } from '@energy/aws-clients/summary-table';
import {
  type ContributionHead,
  type ContributionPart,
  codesOf,
  currentHeads,
  encodeEntry,
  formatCanonical,
  hourFingerprint,
  lateDayKey,
  mapWithConcurrency,
  mergeSiteTotals,
  type PeriodTotals,
  periodStartMs,
  type RegistryItem,
  type RolledDay,
  type RollupItem,
  readRollups,
  registryAdditions,
  rolledDayKey,
  rollupItems,
  rollupPartition,
  SUMMARY_KEY,
  scanStartHour,
  shardCountFor,
  sumHourSites,
  summarizerCheckpointKey,
  summarizerScan,
  TotalsSum,
} from '@energy/core';
import { SUMMARIZER_LIMITS } from './constants.js';

/** The log the summarizer writes to (Powertools' Logger in the Lambda). */
type SummarizerLogger = Pick<Logger, 'info'>;

/** What the summarizer needs, injected. */
export type SummarizerDependencies = {
  /** The summary table. */
  table: SummaryTable;
  /** Log. */
  logger: SummarizerLogger;
  /** Clock, epoch ms. */
  now?: () => number;
};

/** What one run did. */
export type SummarizerReport = {
  /** Days examined. */
  days: string[];
  /** Hours whose per-site rollups were rewritten. */
  hoursRolled: number;
  /** Days whose day rollup was rewritten. */
  daysRolled: number;
  /** Sites added to the registry. */
  sitesAdded: number;
  /** Rollup and state items written. */
  itemsWritten: number;
  /**
   * Whether the run wrote its checkpoint: only when it moves the next run's scan
   * (`scanStartHour`), so three of four 15-minute runs leave it as it was.
   */
  checkpointWritten: boolean;
};

/** The summarizer's checkpoint item (`summarizerCheckpointKey`). */
type SummarizerCheckpoint = {
  pk: string;
  sk: string;
  /** Start of the last complete run, epoch ms (its clock). */
  started_ms: number;
  /** When written, canonical UTC. */
  updated_at: string;
};

type DayPlan = {
  day: string;
  state: RolledDay | undefined;
  fingerprints: Record<string, string>;
  headsByHour: Map<string, ContributionHead[]>;
  changed: string[];
  sums: Map<string, Map<string, PeriodTotals>>;
  /** Whether every hour's heads were read (else only those from the scan's first hour). */
  whole: boolean;
};

async function hourSites(
  table: SummaryTable,
  hour: string,
  heads: readonly ContributionHead[],
): Promise<Map<string, PeriodTotals>> {
  const needsParts = heads.some((head) => head.parts > 0);
  const parts = needsParts ? await table.query<ContributionPart>(`${SUMMARY_KEY.sites}${hour}`) : [];
  return sumHourSites(hour, heads, parts);
}

/**
 * Reads a day's current heads from `fromHour` on and finds the hours that changed since its
 * record. Hours before `fromHour` keep the record's fingerprints: the scan's bounds (see
 * `summarizerScan`) guarantee no head reached them since the record was written.
 */
async function planDay(
  table: SummaryTable,
  day: string,
  state: RolledDay | undefined,
  fromHour: string,
): Promise<DayPlan> {
  const partition = `${SUMMARY_KEY.fleet}${day}`;
  const whole = fromHour === '00' || state === undefined;
  const heads = currentHeads(
    await table.query<ContributionHead>(
      partition,
      whole ? undefined : { start: `${fromHour}#`, end: '23#~' },
    ),
  );
  const headsByHour = new Map<string, ContributionHead[]>();
  for (const head of heads) {
    const list = headsByHour.get(head.hour) ?? [];
    list.push(head);
    headsByHour.set(head.hour, list);
  }
  const read = (hh: string) => whole || hh >= fromHour;
  const fingerprints: Record<string, string> = {};
  for (const [hh, fingerprint] of Object.entries(state?.hours ?? {}))
    if (!read(hh)) fingerprints[hh] = fingerprint;
  for (const [hour, list] of headsByHour) fingerprints[hour.slice(11, 13)] = hourFingerprint(list);
  // An hour the state knows but no current head has any more (its object was replaced by a
  // version of other hours) changed too: to empty.
  const hours = new Set([...Object.keys(fingerprints), ...Object.keys(state?.hours ?? {}).filter(read)]);
  const changed = [...hours].filter((hh) => read(hh) && fingerprints[hh] !== state?.hours[hh]).sort();
  const sums = new Map<string, Map<string, PeriodTotals>>();
  for (const hh of changed) {
    const hour = `${day}T${hh}`;
    sums.set(hour, await hourSites(table, hour, headsByHour.get(hour) ?? []));
  }
  return { day, state, fingerprints, headsByHour, changed, sums, whole };
}

/**
 * One run of the summarizer: finds the hours whose contributions changed since the last run
 * (the heads of the hours since just before its checkpoint, and of days a late file marked:
 * `summarizerScan`), re-sums
 * each from its parts, and rewrites those hours' per-site rollups, their days' rollups and the
 * site registry (only with sites it did not hold). Everything is recomputed from the
 * contributions, never incremented, so a repeated or concurrent run writes the same values.
 * The rollups of a day are sharded by site hash; the shard count follows the fleet size (one
 * per ~1,000 sites), only grows within a day, and is recorded in the day's `ROLLED` item.
 *
 * @example
 * const report = await runSummarizer({ table: new SummaryTable(ddb, 'energy-dev-summary'), logger });
 * report.hoursRolled; // hours rewritten
 */
export async function runSummarizer(deps: SummarizerDependencies): Promise<SummarizerReport> {
  const { table, logger } = deps;
  const nowMs = (deps.now ?? Date.now)();
  const updatedAt = formatCanonical(nowMs);
  // Independent reads at once: a run's duration is mostly round trips.
  const [late, [checkpoint], registryItems] = await Promise.all([
    table.query<{ sk: string; marked_at: string }>(SUMMARY_KEY.late),
    table.get([summarizerCheckpointKey()]) as Promise<SummarizerCheckpoint[]>,
    table.query(SUMMARY_KEY.registry),
  ]);
  const scans = summarizerScan(
    nowMs,
    checkpoint?.started_ms,
    late.map((marker) => marker.sk),
  );
  const days = scans.map((scan) => scan.day);
  const states = new Map(
    ((await table.get(days.map(rolledDayKey))) as RolledDay[]).map((state) => [state.sk, state]),
  );

  const plans = await mapWithConcurrency(scans, SUMMARIZER_LIMITS.dayConcurrency, ({ day, fromHour }) =>
    planDay(table, day, states.get(day), fromHour),
  );

  const registry: RegistryItem[] = registryItems.map((item) => ({
    index: Number(item.sk),
    sites: new Set([...((item.site_ids as Set<string> | undefined) ?? [])].map(String)),
  }));
  const seen = new Set<string>();
  for (const plan of plans)
    for (const sites of plan.sums.values()) for (const site of sites.keys()) seen.add(site);
  const additions = registryAdditions(registry, seen);
  for (const addition of additions) await table.addToRegistry(addition.index, addition.sites);
  const sitesAdded = additions.reduce((n: number, a) => n + a.sites.length, 0);
  const fleetSites = registry.reduce((n, item) => n + item.sites.size, 0) + sitesAdded;

  let hoursRolled = 0;
  let daysRolled = 0;
  let itemsWritten = 0;
  for (let i = 0; i < plans.length; i++) {
    let plan = plans[i] as DayPlan;
    const shards = Math.max(plan.state?.shards ?? 0, shardCountFor(fleetSites));
    if (plan.state && plan.state.shards !== shards) {
      // Re-sharding rewrites every hour of the day: it needs all of the day's heads.
      if (!plan.whole) plan = await planDay(table, plan.day, plan.state, '00');
      // The fleet outgrew the day's shards: re-shard every hour of the day from its parts.
      for (const hh of Object.keys(plan.fingerprints)) {
        const hour = `${plan.day}T${hh}`;
        if (!plan.sums.has(hour))
          plan.sums.set(hour, await hourSites(table, hour, plan.headsByHour.get(hour) ?? []));
      }
    }
    if (plan.sums.size === 0) continue;
    const hourItems = [...plan.sums].flatMap(([hour, sites]) =>
      rollupItems('hour', hour, shards, sites, updatedAt),
    );
    const unchanged = Object.keys(plan.fingerprints).filter((hh) => !plan.sums.has(`${plan.day}T${hh}`));
    const stored = new Map<string, Map<string, PeriodTotals>>();
    // The changed hours' rollups and the stored ones of the unchanged hours at once: the day
    // rollup below takes changed hours from `plan.sums`, so the read may see either version.
    const current = plan;
    await Promise.all([
      table.put(hourItems),
      unchanged.length === 0
        ? undefined
        : mapWithConcurrency(
            Array.from({ length: shards }, (_, shard) => shard),
            SUMMARIZER_LIMITS.shardReadConcurrency,
            async (shard) => {
              const items = await table.query<RollupItem>(rollupPartition('hour', shards, shard), {
                start: `${current.day}T00`,
                end: `${current.day}T23#~`,
              });
              for (const [hour, sites] of readRollups(items)) {
                const merged = stored.get(hour) ?? new Map<string, PeriodTotals>();
                for (const [site, totals] of sites) merged.set(site, totals);
                stored.set(hour, merged);
              }
            },
          ),
    ]);
    hoursRolled += plan.sums.size;
    const hoursOfDay = Object.keys(plan.fingerprints).map(
      (hh) => plan.sums.get(`${plan.day}T${hh}`) ?? stored.get(`${plan.day}T${hh}`) ?? new Map(),
    );
    const daySites = mergeSiteTotals(hoursOfDay);
    const dayItems = rollupItems('day', plan.day, shards, daySites, updatedAt);
    // The fleet's day from its sites' day totals, not from the heads: the run read the heads of
    // the scanned hours only. Sums are exact decimals, so the grouping does not change them.
    const fleet = new TotalsSum();
    for (const totals of daySites.values()) fleet.add(totals);
    const fleetTotals = fleet.result();
    const fleetCodes = codesOf([fleetTotals]);
    const state: RolledDay = {
      ...rolledDayKey(plan.day),
      shards,
      hours: plan.fingerprints,
      sites: daySites.size,
      fleet: encodeEntry(fleetTotals, periodStartMs(plan.day), fleetCodes),
      fleet_codes: fleetCodes,
      updated_at: updatedAt,
    };
    // The state goes last: a run that fails before it leaves the old fingerprints, and the next
    // run rolls the same hours up again.
    await table.put(dayItems);
    await table.put([state]);
    daysRolled++;
    itemsWritten += hourItems.length + dayItems.length + 1;
  }

  for (const marker of late)
    await table.deleteIfUnchanged(lateDayKey(marker.sk), 'marked_at', marker.marked_at);
  // Last: a run that failed before this point leaves the previous checkpoint, and the next run
  // scans from there again. A checkpoint that would start the next scan at the same hour as the
  // stored one changes nothing (one write unit a run saved).
  const checkpointWritten =
    checkpoint === undefined || scanStartHour(checkpoint.started_ms) !== scanStartHour(nowMs);
  if (checkpointWritten) {
    const next: SummarizerCheckpoint = {
      ...summarizerCheckpointKey(),
      started_ms: nowMs,
      updated_at: updatedAt,
    };
    await table.put([next]);
  }
  const report = { days, hoursRolled, daysRolled, sitesAdded, itemsWritten, checkpointWritten };
  logger.info('summaries rolled up', report);
  return report;
}
