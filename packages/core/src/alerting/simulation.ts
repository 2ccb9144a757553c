import { ALERT_EVENT } from '../alertRecord.js';
import { ANOMALY_REASON } from '../anomalyRules.js';
import { mulberry32 } from '../seededRandom.js';
import { ALERTER_LIMITS } from './constants.js';
import { AlertMachine } from './machine.js';
import { digestMessage, emptyDigestChanges, noteDigestChange } from './messages.js';
import type { Observation } from './observations.js';
import type { AlertSettings } from './settings.js';

/** Input of {@link simulateAlerts}: a generated fleet like the generator's. */
export type AlertSimulation = {
  /** Sites, one reading each per `intervalSeconds`. */
  sites: number;
  /** Simulated days. */
  days: number;
  /** Probability that a value is faulty (independently per value and tick). */
  anomalyProbability: number;
  /** The machine's settings. */
  settings: AlertSettings;
  /** Seconds between alerter runs (its schedule). */
  runSeconds: number;
  /** Seed of the generated values. */
  seed: number;
  /** Start, epoch ms (default 2025-03-01T00:00:00Z). */
  startMs?: number;
};

/** What {@link simulateAlerts} counted. */
export type AlertSimulationResult = {
  readings: number;
  /** Anomalous readings: what the old per-reading feed sent, one message each. */
  anomalousReadings: number;
  opened: number;
  resolved: number;
  renotified: number;
  /** Digests sent (nothing open and nothing changed: none). */
  digests: number;
  /** Runs whose changes went out as one storm message (more than `ALERTER_LIMITS.stormThreshold`). */
  storms: number;
  /** Messages: one per state change (outside storms), one per storm, and the digests. */
  messages: number;
  /** Messages per simulated day. */
  messagesPerDay: number;
  /** Old feed's messages per simulated day. */
  perReadingMessagesPerDay: number;
};

/**
 * Runs the real {@link AlertMachine} over generated readings, as the alerter would on its
 * schedule: each run folds the readings its settled time passed, evaluates, and sends a digest
 * per `digestSeconds` when something is open or changed. Bounded: `sites × days × 288` readings
 * at a 5-minute interval. The alert-volume model behind `docs/alerting.md` and the bench.
 *
 * @example
 * simulateAlerts({ sites: 10, days: 7, anomalyProbability: 0.2, settings, runSeconds: 300, seed: 1 }).messagesPerDay;
 */
export function simulateAlerts(simulation: AlertSimulation): AlertSimulationResult {
  const { settings } = simulation;
  const random = mulberry32(simulation.seed);
  const start = simulation.startMs ?? Date.UTC(2025, 2, 1);
  const intervalMs = settings.intervalSeconds * 1_000;
  const end = start + simulation.days * 86_400_000;
  const settleMs = settings.settleSeconds * 1_000;
  const digestMs = settings.digestSeconds * 1_000;
  const machine = new AlertMachine(settings);
  const digest = emptyDigestChanges();
  const counts = { opened: 0, resolved: 0, renotified: 0 };
  let readings = 0;
  let anomalous = 0;
  let digests = 0;
  let storms = 0;
  let changeMessages = 0;
  let nextTick = start;
  let lastDigestPeriod = Math.floor(start / digestMs);
  const siteIds = Array.from(
    { length: simulation.sites },
    (_, i) => `site-${String(i + 1).padStart(4, '0')}`,
  );
  for (
    let now = start + simulation.runSeconds * 1_000;
    now <= end + settleMs;
    now += simulation.runSeconds * 1_000
  ) {
    const settled = now - settleMs;
    const observations: Observation[] = [];
    for (; nextTick <= settled && nextTick < end; nextTick += intervalMs) {
      for (const siteId of siteIds) {
        const anomalies: Record<string, number> = {};
        if (random() < simulation.anomalyProbability) anomalies[ANOMALY_REASON.negativeGeneration] = 1;
        if (random() < simulation.anomalyProbability) anomalies[ANOMALY_REASON.negativeConsumption] = 1;
        readings++;
        if (Object.keys(anomalies).length > 0) anomalous++;
        observations.push({ siteId, timeMs: nextTick, count: 1, anomalies, sourceKey: `tick-${nextTick}` });
      }
    }
    const changes = [...machine.fold(observations, false), ...machine.evaluate(settled)];
    if (changes.length > ALERTER_LIMITS.stormThreshold) storms++;
    else changeMessages += changes.length;
    for (const change of changes) {
      counts[change.event === ALERT_EVENT.renotified ? 'renotified' : change.event]++;
      noteDigestChange(digest, change);
    }
    const period = Math.floor(now / digestMs);
    if (period > lastDigestPeriod) {
      lastDigestPeriod = period;
      if (digestMessage(machine.state, digest, new Date(now).toISOString())) digests++;
      Object.assign(digest, emptyDigestChanges());
    }
  }
  const messages = changeMessages + storms + digests;
  return {
    readings,
    anomalousReadings: anomalous,
    ...counts,
    digests,
    storms,
    messages,
    messagesPerDay: messages / simulation.days,
    perReadingMessagesPerDay: anomalous / simulation.days,
  };
}
