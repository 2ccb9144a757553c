import { randomUUID } from 'node:crypto';
import type { Logger } from '@aws-lambda-powertools/logger';
import type { SNSClient } from '@aws-sdk/client-sns';
import { STACK_SETTINGS } from '@energy/config';
import {
  ALERT_EVENT,
  ALERTER_LIMITS,
  type AlertChange,
  AlertMachine,
  type AlertSettings,
  type AlertStateItem,
  alerterMetaKey,
  alerterStateKey,
  alertMessage,
  alertRecordOf,
  alertShardCount,
  type ContributionHead,
  type ContributionPart,
  currentHeads,
  digestMessage,
  emptyDigestChanges,
  formatCanonical,
  headIdentity,
  headToken,
  hourOf,
  hourRangesByDay,
  mapWithConcurrency,
  noteDigestChange,
  type Observation,
  observationsOfHead,
  packAlertState,
  SILENT_SITE_RULE,
  stormMessage,
  unpackAlertState,
} from '@energy/core';
import type { AlerterMeta, AlerterStore } from './AlerterStore.js';
import { AlertTopic } from './AlertTopic.js';
import type { SampleReader } from './ReadingSamples.js';

/** The log the alerter writes to (Powertools' Logger in the Lambda). */
type AlerterLogger = Pick<Logger, 'info' | 'warn' | 'error'>;

/** What the alerter needs, injected. */
export type AlerterDependencies = {
  /** The summary table: contributions in, episodes and the alerter's state out. */
  store: AlerterStore;
  /** The readings table's anomaly index: sample values at state changes. */
  samples: SampleReader;
  /** SNS client. */
  sns: SNSClient;
  /** The alerts topic. */
  topicArn: string;
  /** The state machine's periods (`parseAlerterEnvironment`, or `defaultAlertSettings()`). */
  settings: AlertSettings;
  /** Log. */
  logger: AlerterLogger;
  /** Clock, epoch ms. */
  now?: () => number;
  /** Seconds the lease holds if a run dies without giving it back (default: the function timeout). */
  leaseSeconds?: number;
};

/** What one run did. */
export type AlerterReport = {
  /**
   * Set when the run had changes to announce but another run held the lease or had committed
   * since this run's snapshot: this one announced and wrote nothing (the other, or the next, does).
   */
  skipped?: 'lease held';
  /**
   * False for a quiet run: no state change, no digest due, checkpoint younger than
   * `ALERTER_LIMITS.quietCheckpointMinutes`. It writes nothing; the next run folds the same
   * observations again from the last checkpoint.
   */
  committed: boolean;
  /** The settled time the run evaluated at (`now − settle`), canonical UTC. */
  settledAt: string;
  /** Contribution heads whose per-site totals were read. */
  headsRead: number;
  /** Observations (file × site × hour) folded in. */
  observations: number;
  /** Of which late: their file came after their settle time. */
  lateObservations: number;
  /** State changes, by event. */
  stateChanges: { opened: number; resolved: number; renotified: number };
  /** Messages published: state changes and the digest. */
  messagesPublished: number;
  /** Publishes that failed (logged `alerts not published`; retried next run). */
  publishFailures: number;
  /** True when the digest went out in this run. */
  digestSent: boolean;
  /** True when this run's changes went out as one storm message (more than `ALERTER_LIMITS.stormThreshold`). */
  stormSent: boolean;
  /** Items written: episode records and their `notified` updates, changed state shards, the checkpoint. */
  itemsWritten: number;
  /** Sites the state knows. */
  sites: number;
  /** Open alerts after the run. */
  openAlerts: number;
};

const HOUR_MS = 3_600_000;

/** The digest period `nowMs` falls in (epoch ms / digest length, floored): a digest is due once it passes `digest_period`. */
function digestPeriodAt(nowMs: number, settings: AlertSettings): number {
  return Math.floor(nowMs / (settings.digestSeconds * 1_000));
}

/** Logs the run's report with the state's size once it is settled (the run's last step either way). */
function reportEvaluated(logger: AlerterLogger, machine: AlertMachine, report: AlerterReport): AlerterReport {
  report.sites = machine.state.size;
  for (const site of machine.state.values()) report.openAlerts += site.open.size;
  logger.info('alerts evaluated', { ...report });
  return report;
}

function initialMeta(settledMs: number, digestPeriod: number): AlerterMeta {
  return {
    ...alerterMetaKey(),
    settled_ms: settledMs,
    done: {},
    pending: {},
    shards: 0,
    slots: [],
    digest_period: digestPeriod,
    digest_changes: emptyDigestChanges(),
    updated_at: '',
    version: 0,
  };
}

/** True when `token` is one of the fixed-width tokens concatenated in `done`. */
function isDone(done: string | undefined, token: string): boolean {
  if (!done) return false;
  for (let at = 0; at < done.length; at += token.length) if (done.startsWith(token, at)) return true;
  return false;
}

type Discovery = { onTime: Observation[]; late: Observation[]; headsRead: number };

async function discover(
  store: AlerterStore,
  meta: AlerterMeta,
  previousSettledMs: number | undefined,
  settledMs: number,
  nowMs: number,
): Promise<Discovery> {
  const windowStart = (previousSettledMs ?? settledMs) - ALERTER_LIMITS.lookbackHours * HOUR_MS;
  // Before the first checkpoint nothing is late: there was no run it could have been in time for.
  const lateBefore = previousSettledMs ?? Number.NEGATIVE_INFINITY;
  const heads: ContributionHead[] = [];
  for (const [from, to] of hourRangesByDay(windowStart, nowMs)) heads.push(...(await store.heads(from, to)));
  const parts = new Map<string, ContributionPart[]>();
  const discovery: Discovery = { onTime: [], late: [], headsRead: 0 };
  for (const head of currentHeads(heads)) {
    const id = headIdentity(head);
    const token = headToken(id);
    const pending = meta.pending[id];
    if (pending === undefined && isDone(meta.done[head.hour], token)) continue;
    const through = pending ?? Number.NEGATIVE_INFINITY;
    let headParts: ContributionPart[] = [];
    if (head.parts > 0) {
      headParts = parts.get(head.hour) ?? (await store.parts(head.hour));
      parts.set(head.hour, headParts);
    }
    discovery.headsRead++;
    let unsettled = false;
    for (const observation of observationsOfHead(head, headParts)) {
      if (observation.timeMs <= through) continue;
      if (observation.timeMs > settledMs) {
        unsettled = true;
        continue;
      }
      (observation.timeMs <= lateBefore ? discovery.late : discovery.onTime).push(observation);
    }
    if (unsettled) meta.pending[id] = settledMs;
    else {
      delete meta.pending[id];
      meta.done[head.hour] = (meta.done[head.hour] ?? '') + token;
    }
  }
  // Heads of hours that left the window are never queried again: forget them.
  const oldest = hourOf(formatCanonical(settledMs - ALERTER_LIMITS.lookbackHours * HOUR_MS));
  for (const hour of Object.keys(meta.done)) if (hour < oldest) delete meta.done[hour];
  for (const id of Object.keys(meta.pending)) if (id.slice(0, 13) < oldest) delete meta.pending[id];
  return discovery;
}

function renotifiedCount(notified: readonly string[]): number {
  return notified.filter((event) => event === ALERT_EVENT.renotified).length;
}

/**
 * One run of the alerter: reads the checkpoint and state, folds the observations of
 * contribution heads its settled time (`now − settle`) passed into the alert state machine, and,
 * when that changes an alert or a digest is due, takes the lease (only if the checkpoint is still
 * the one it read), writes each state change's `AlertRecord`, publishes one message per change
 * not yet published, sends the digest, then writes the changed state shards and the checkpoint
 * (last). A quiet run writes nothing (see {@link AlerterReport.committed}): most runs of a fleet
 * whose alerts are open are quiet, and at 10 sites their checkpoint, lease and shard writes
 * were most of the alerter's cost. A run that dies before the checkpoint is redone by the next
 * one; `notified` on the records keeps it from sending a change twice. A failed publish leaves
 * the checkpoint unwritten, so the change is retried.
 *
 * @example
 * const report = await runAlerter({ store, samples, sns, topicArn, settings: defaultAlertSettings(), logger });
 * report.stateChanges.opened; // alerts opened by this run
 */
export async function runAlerter(deps: AlerterDependencies): Promise<AlerterReport> {
  const { store, settings, logger } = deps;
  const nowMs = (deps.now ?? Date.now)();
  const owner = randomUUID();
  const leaseMs = (deps.leaseSeconds ?? STACK_SETTINGS.alerter.timeoutSeconds) * 1_000;
  const report: AlerterReport = {
    committed: false,
    settledAt: '',
    headsRead: 0,
    observations: 0,
    lateObservations: 0,
    stateChanges: { opened: 0, resolved: 0, renotified: 0 },
    messagesPublished: 0,
    publishFailures: 0,
    digestSent: false,
    stormSent: false,
    itemsWritten: 0,
    sites: 0,
    openAlerts: 0,
  };
  let leased = false;
  try {
    const snapshot = await store.snapshot();
    const stored = snapshot.meta;
    // Never step back: a clock that did would fold observations twice.
    const settledMs = Math.max(
      nowMs - settings.settleSeconds * 1_000,
      stored?.settled_ms ?? Number.NEGATIVE_INFINITY,
    );
    report.settledAt = formatCanonical(settledMs);
    const meta: AlerterMeta = stored
      ? {
          ...stored,
          done: { ...stored.done },
          pending: { ...stored.pending },
          digest_changes: { ...stored.digest_changes, recent: [...stored.digest_changes.recent] },
        }
      : initialMeta(settledMs, digestPeriodAt(nowMs, settings));
    const previousSettledMs = stored?.settled_ms;

    const { onTime, late, headsRead } = await discover(store, meta, previousSettledMs, settledMs, nowMs);
    report.headsRead = headsRead;
    report.observations = onTime.length + late.length;
    report.lateObservations = late.length;
    if (late.length > 0)
      logger.warn('late observations folded in', {
        count: late.length,
        files: [...new Set(late.map((o) => o.sourceKey))].slice(0, 10),
      });

    const layout = stored?.shards ?? 0;
    const slots = stored?.slots ?? [];
    // The committed state: the slot of each shard the checkpoint names (the other slot may hold
    // what a run that died before its checkpoint wrote).
    const current = snapshot.shards.filter(
      (item) => item.shards === layout && item.slot === (slots[item.shard] ?? 0),
    );
    const machine = new AlertMachine(settings, unpackAlertState(current));
    const changes: AlertChange[] = [
      ...machine.fold(late, true),
      ...machine.fold(onTime, false),
      ...machine.evaluate(settledMs),
    ];

    const digestDue = digestPeriodAt(nowMs, settings) > meta.digest_period;
    const checkpointAgeMs = stored ? settledMs - stored.settled_ms : Number.POSITIVE_INFINITY;
    const mustCommit =
      changes.length > 0 ||
      digestDue ||
      alertShardCount(machine.state.size) > layout ||
      checkpointAgeMs >= ALERTER_LIMITS.quietCheckpointMinutes * 60_000;
    if (!mustCommit) return reportEvaluated(logger, machine, report);
    if (!(await store.acquireLease(owner, nowMs, nowMs + leaseMs, stored?.version))) {
      logger.info('alerter run skipped: another run holds the lease or committed since this one read');
      return { ...report, skipped: 'lease held' };
    }
    leased = true;

    const updatedAt = formatCanonical(nowMs);
    if (changes.length > ALERTER_LIMITS.stormThreshold) await announceStorm(deps, changes, updatedAt, report);
    else for (const change of changes) await announce(deps, change, updatedAt, report);
    for (const change of changes) {
      report.stateChanges[change.event]++;
      noteDigestChange(meta.digest_changes, change);
    }
    if (report.publishFailures > 0) {
      // Nothing committed: the next run recomputes these changes and sends those `notified` lacks.
      logger.warn('alerter checkpoint not written: some state changes were not published', {
        failures: report.publishFailures,
      });
      return report;
    }

    await sendDigestIfDue(deps, machine, meta, nowMs, report);

    const shards = Math.max(layout, alertShardCount(machine.state.size));
    const resharded = layout !== shards;
    const before = new Map(current.map((item) => [item.shard, item]));
    const nextSlots: number[] = [];
    const changed: AlertStateItem[] = [];
    for (const item of packAlertState(machine.state, shards, updatedAt)) {
      const old = resharded ? undefined : before.get(item.shard);
      if (old && old.sites === item.sites && old.codes.join() === item.codes.join()) {
        nextSlots[item.shard] = old.slot;
        continue;
      }
      const slot = old ? 1 - old.slot : 0;
      nextSlots[item.shard] = slot;
      changed.push({ ...item, ...alerterStateKey(shards, item.shard, slot), slot });
    }
    await store.put(changed);
    meta.settled_ms = settledMs;
    meta.shards = shards;
    meta.slots = nextSlots;
    meta.updated_at = updatedAt;
    meta.version = (stored?.version ?? 0) + 1;
    // The checkpoint goes last, switches to the slots just written and gives the lease back: a
    // run that dies before it is redone from the previous checkpoint and its state.
    await store.commit(meta, owner);
    leased = false;
    report.committed = true;
    report.itemsWritten += changed.length + 1;
    if (resharded && layout !== 0)
      await store.delete(
        snapshot.shards.filter((item) => item.shards !== shards).map(({ pk, sk }) => ({ pk, sk })),
      );
    return reportEvaluated(logger, machine, report);
  } finally {
    if (leased) await store.releaseLease(owner);
  }
}

/** Writes a change's record and publishes it unless `notified` says it went out already. */
async function announce(
  deps: AlerterDependencies,
  change: AlertChange,
  updatedAt: string,
  report: AlerterReport,
): Promise<void> {
  const { store, samples, logger } = deps;
  const evidence =
    change.rule === SILENT_SITE_RULE
      ? { samples: [], sourceKeys: [] }
      : await samples.samples(
          change.siteId,
          change.rule,
          formatCanonical(change.episode.firstMs),
          formatCanonical(change.episode.lastMs),
        );
  const record = alertRecordOf(change, evidence, updatedAt);
  const notified = await store.writeRecord(record);
  report.itemsWritten++;
  const renotifyMs = deps.settings.renotifySeconds * 1_000;
  const sent =
    change.event === ALERT_EVENT.renotified
      ? renotifiedCount(notified) >=
        Math.round((change.atMs - change.episode.openedMs) / Math.max(renotifyMs, 1))
      : notified.includes(change.event);
  if (sent) return;
  try {
    await new AlertTopic(deps.sns, deps.topicArn).publish(alertMessage(record, change.event));
  } catch (error) {
    report.publishFailures++;
    logger.error('alerts not published', {
      alert_id: record.alert_id,
      site_id: record.site_id,
      rule: record.rule,
      event: change.event,
      error,
    });
    return;
  }
  report.messagesPublished++;
  await store.markNotified({ pk: record.pk, sk: record.sk }, change.event);
  report.itemsWritten++;
}

/**
 * More changes than `ALERTER_LIMITS.stormThreshold` in one run: writes every episode's record
 * (no sample values, several at once), then publishes one storm message for all of them. A
 * failed publish leaves the checkpoint unwritten, so the next run rewrites the same records and
 * sends the storm again; a run that dies between the publish and its checkpoint sends it twice
 * (as the digest can). Records announced by a storm keep `notified` as it was: it lists the
 * per-change messages only.
 */
async function announceStorm(
  deps: AlerterDependencies,
  changes: readonly AlertChange[],
  updatedAt: string,
  report: AlerterReport,
): Promise<void> {
  const { store, logger } = deps;
  await mapWithConcurrency(changes, ALERTER_LIMITS.stormWriteConcurrency, async (change) => {
    await store.writeRecord(alertRecordOf(change, { samples: [], sourceKeys: [] }, updatedAt));
    report.itemsWritten++;
  });
  try {
    await new AlertTopic(deps.sns, deps.topicArn).publish(stormMessage(changes, updatedAt));
  } catch (error) {
    report.publishFailures++;
    logger.error('alerts not published', { storm: true, changes: changes.length, error });
    return;
  }
  report.messagesPublished++;
  report.stormSent = true;
  logger.warn('alert storm: one message for all state changes of this run', { changes: changes.length });
}

/** The digest, when its period has passed: open alerts and the changes since the last one. */
async function sendDigestIfDue(
  deps: AlerterDependencies,
  machine: AlertMachine,
  meta: AlerterMeta,
  nowMs: number,
  report: AlerterReport,
): Promise<void> {
  const period = digestPeriodAt(nowMs, deps.settings);
  if (period <= meta.digest_period) return;
  const message = digestMessage(
    machine.state,
    meta.digest_changes,
    formatCanonical(period * deps.settings.digestSeconds * 1_000),
  );
  if (message) {
    try {
      await new AlertTopic(deps.sns, deps.topicArn).publish(message);
    } catch (error) {
      // The digest stays due (period not advanced, changes kept): the next run sends it.
      report.publishFailures++;
      deps.logger.error('alerts not published', { digest: true, error });
      return;
    }
    report.messagesPublished++;
    report.digestSent = true;
  }
  meta.digest_period = period;
  meta.digest_changes = emptyDigestChanges();
}
