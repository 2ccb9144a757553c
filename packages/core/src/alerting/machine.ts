import { ALERT_EVENT, type AlertEvent, SILENT_SITE_RULE } from '../alertRecord.js';
import type { Observation } from './observations.js';
import { type AlertSettings, silentSpanMs } from './settings.js';

/** An open alert episode of one (site, rule), as the machine keeps it (times epoch ms). */
export type OpenEpisode = {
  /** Rule code, or {@link SILENT_SITE_RULE}. */
  rule: string;
  /** When it opened: the first anomalous reading, or the site's last reading + the silent span. */
  openedMs: number;
  /** Earliest anomaly counted (before `openedMs` only when a late file brought an older one); silence: the last reading heard. */
  firstMs: number;
  /** Latest anomaly counted; silence: the last reading heard. */
  lastMs: number;
  /** Anomalous readings counted (0 for silence). */
  count: number;
  /** When it was last announced: `openedMs`, or the latest re-notification. */
  notifiedMs: number;
};

/** One site's state: its latest reading and its open episodes by rule. */
export type SiteAlertState = {
  /** Epoch ms of the latest reading folded in; -1 when none. */
  lastReadingMs: number;
  /** Open episodes by rule. */
  open: Map<string, OpenEpisode>;
};

/** The whole working state: site id → state. */
export type AlertMachineState = Map<string, SiteAlertState>;

/** One state change: what the alerter writes (an `AlertRecord`) and announces (one message). */
export type AlertChange = {
  siteId: string;
  rule: string;
  event: AlertEvent;
  /** Data time of the change: opened_at, the re-notify time, or resolved_at. */
  atMs: number;
  /** The episode as of the change (a copy). */
  episode: Readonly<OpenEpisode>;
  /** Resolution time (resolved changes only). */
  resolvedMs?: number;
  /** True when the observation that caused it was late (folded after its settle time). */
  late: boolean;
};

/** Deterministic order of observations: time, then site, then file. */
function byTime(a: Observation, b: Observation): number {
  return (
    a.timeMs - b.timeMs ||
    (a.siteId < b.siteId ? -1 : a.siteId > b.siteId ? 1 : 0) ||
    (a.sourceKey < b.sourceKey ? -1 : a.sourceKey > b.sourceKey ? 1 : 0)
  );
}

/**
 * The alert state machine, pure: fold observations in (sorted by time) and evaluate it at the
 * settled time `T = now − settle`; both return the state changes they made.
 *
 * Per (site, rule): closed + anomaly → opened; anomalies while open are counted; open →
 * resolved once the site has a reading at or after `last anomaly + quiet` (resolved_at is that
 * instant, a function of the data). Per site: no reading for more than the silent span before
 * `T` → `SILENT_SITE` opened at `last reading + span`; the next reading resolves it (a gap no
 * run saw while it lasted opens and resolves at once, so the changes do not depend on when the
 * runs happened). Folding each observation in the first run whose `T` passes its time — what
 * the alerter does for every file that arrives within `settle` — makes the changes a function
 * of the set of observations, not of their arrival order (re-notifications, off by default,
 * follow the run times).
 *
 * @example
 * const machine = new AlertMachine(settings);
 * machine.fold(observations, false); // [{ event: 'opened', rule: 'NEGATIVE_GENERATION', … }]
 * machine.evaluate(now - settings.settleSeconds * 1000); // resolutions, silences, re-notifications
 */
export class AlertMachine {
  readonly #settings: AlertSettings;
  readonly #state: AlertMachineState;
  readonly #quietMs: number;
  readonly #spanMs: number;

  public constructor(settings: AlertSettings, state: AlertMachineState = new Map()) {
    this.#settings = settings;
    this.#state = state;
    this.#quietMs = settings.quietSeconds * 1_000;
    this.#spanMs = silentSpanMs(settings);
  }

  /** The state (live: it changes as observations are folded in). */
  public get state(): AlertMachineState {
    return this.#state;
  }

  /**
   * Folds observations in, in time order. `late` marks them as folded after their settle time
   * (they are counted where they fall; the changes they cause are flagged).
   */
  public fold(observations: readonly Observation[], late: boolean): AlertChange[] {
    const changes: AlertChange[] = [];
    for (const observation of [...observations].sort(byTime)) this.#observe(observation, late, changes);
    return changes;
  }

  /** Resolutions, silences and re-notifications due at the settled time `settledMs`. */
  public evaluate(settledMs: number): AlertChange[] {
    const changes: AlertChange[] = [];
    const renotifyMs = this.#settings.renotifySeconds * 1_000;
    for (const siteId of [...this.#state.keys()].sort()) {
      const site = this.#state.get(siteId) as SiteAlertState;
      // A late file may have opened an episode whose quiet period the site's readings passed already.
      this.#resolveQuiet(siteId, site, settledMs, false, changes);
      if (
        !site.open.has(SILENT_SITE_RULE) &&
        site.lastReadingMs >= 0 &&
        settledMs - site.lastReadingMs > this.#spanMs
      )
        this.#openSilent(siteId, site, false, changes);
      if (renotifyMs <= 0) continue;
      for (const rule of [...site.open.keys()].sort()) {
        const episode = site.open.get(rule) as OpenEpisode;
        const due = episode.openedMs + Math.floor((settledMs - episode.openedMs) / renotifyMs) * renotifyMs;
        if (due > episode.notifiedMs && due > episode.openedMs) {
          episode.notifiedMs = due;
          changes.push(change(siteId, episode, ALERT_EVENT.renotified, due, false));
        }
      }
    }
    return changes;
  }

  #observe(observation: Observation, late: boolean, changes: AlertChange[]): void {
    const t = observation.timeMs;
    let site = this.#state.get(observation.siteId);
    if (!site) {
      site = { lastReadingMs: -1, open: new Map() };
      this.#state.set(observation.siteId, site);
    }
    if (site.lastReadingMs >= 0 && t > site.lastReadingMs) {
      const silent = site.open.get(SILENT_SITE_RULE);
      if (silent) this.#resolve(observation.siteId, site, silent, t, late, changes);
      else if (t - site.lastReadingMs > this.#spanMs) {
        // A gap that ended before any run saw it: it still happened.
        const opened = this.#openSilent(observation.siteId, site, late, changes);
        this.#resolve(observation.siteId, site, opened, t, late, changes);
      }
    }
    if (t > site.lastReadingMs) site.lastReadingMs = t;
    // This reading may be the first one past an episode's quiet period: resolve before counting
    // its own anomalies, which then open a new episode.
    this.#resolveQuiet(observation.siteId, site, Number.POSITIVE_INFINITY, late, changes);
    for (const rule of Object.keys(observation.anomalies).sort()) {
      const n = observation.anomalies[rule] ?? 0;
      if (n <= 0) continue;
      const episode = site.open.get(rule);
      if (episode) {
        episode.count += n;
        if (t < episode.firstMs) episode.firstMs = t;
        if (t > episode.lastMs) episode.lastMs = t;
        continue;
      }
      const opened: OpenEpisode = { rule, openedMs: t, firstMs: t, lastMs: t, count: n, notifiedMs: t };
      site.open.set(rule, opened);
      changes.push(change(observation.siteId, opened, ALERT_EVENT.opened, t, late));
    }
  }

  #resolveQuiet(
    siteId: string,
    site: SiteAlertState,
    settledMs: number,
    late: boolean,
    changes: AlertChange[],
  ): void {
    for (const rule of [...site.open.keys()].sort()) {
      if (rule === SILENT_SITE_RULE) continue;
      const episode = site.open.get(rule) as OpenEpisode;
      const quietAt = episode.lastMs + this.#quietMs;
      if (site.lastReadingMs >= quietAt && settledMs >= quietAt)
        this.#resolve(siteId, site, episode, quietAt, late, changes);
    }
  }

  #openSilent(siteId: string, site: SiteAlertState, late: boolean, changes: AlertChange[]): OpenEpisode {
    const openedMs = site.lastReadingMs + this.#spanMs;
    const episode: OpenEpisode = {
      rule: SILENT_SITE_RULE,
      openedMs,
      firstMs: site.lastReadingMs,
      lastMs: site.lastReadingMs,
      count: 0,
      notifiedMs: openedMs,
    };
    site.open.set(SILENT_SITE_RULE, episode);
    changes.push(change(siteId, episode, ALERT_EVENT.opened, openedMs, late));
    return episode;
  }

  #resolve(
    siteId: string,
    site: SiteAlertState,
    episode: OpenEpisode,
    atMs: number,
    late: boolean,
    changes: AlertChange[],
  ): void {
    site.open.delete(episode.rule);
    changes.push({ ...change(siteId, episode, ALERT_EVENT.resolved, atMs, late), resolvedMs: atMs });
  }
}

function change(
  siteId: string,
  episode: OpenEpisode,
  event: AlertEvent,
  atMs: number,
  late: boolean,
): AlertChange {
  return { siteId, rule: episode.rule, event, atMs, episode: { ...episode }, late };
}
