import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type AlertChange,
  AlertMachine,
  type AlertSettings,
  type Observation,
  SILENT_SITE_RULE,
  simulateAlerts,
} from '../../src/index.js';
import { DEFAULTS } from './settings.js';

const T0 = Date.UTC(2025, 2, 10, 0, 0, 0);
const TICK = 300_000;
const GEN = 'NEGATIVE_GENERATION';
const CON = 'NEGATIVE_CONSUMPTION';

function obs(siteId: string, tick: number, anomalies: Record<string, number> = {}): Observation {
  return { siteId, timeMs: T0 + tick * TICK, count: 1, anomalies, sourceKey: `f-${tick}` };
}

/** A comparable form of a change: what the record and the message are made of. */
function key(c: AlertChange): string {
  const e = c.episode;
  return [
    c.siteId,
    c.rule,
    c.event,
    c.atMs,
    e.openedMs,
    e.firstMs,
    e.lastMs,
    e.count,
    c.resolvedMs ?? '',
  ].join('|');
}

describe('AlertMachine', () => {
  it('opens on the first anomaly, counts the rest, and resolves at last anomaly + quiet', () => {
    const machine = new AlertMachine(DEFAULTS);
    const opened = machine.fold(
      [obs('s1', 0, { [GEN]: 1 }), obs('s1', 1, { [GEN]: 1 }), obs('s1', 2)],
      false,
    );
    expect(opened.map((c) => [c.event, c.atMs])).toStrictEqual([['opened', T0]]);
    expect(machine.state.get('s1')?.open.get(GEN)?.count).toBe(2);
    // 36 good readings after the last anomaly (tick 1): the reading at tick 37 is the first at last + 3 h.
    const good = Array.from({ length: 34 }, (_, i) => obs('s1', 3 + i));
    expect(machine.fold(good, false)).toStrictEqual([]);
    const resolved = machine.fold([obs('s1', 37)], false);
    expect(resolved.map((c) => [c.event, c.resolvedMs, c.episode.count])).toStrictEqual([
      ['resolved', T0 + TICK + 10_800_000, 2],
    ]);
  });

  it('resolves before counting: an anomaly after the quiet period opens a new episode', () => {
    const machine = new AlertMachine(DEFAULTS);
    machine.fold(
      [obs('s1', 0, { [CON]: 1 }), ...Array.from({ length: 35 }, (_, i) => obs('s1', 1 + i))],
      false,
    );
    const changes = machine.fold([obs('s1', 36, { [CON]: 1 })], false);
    expect(changes.map((c) => [c.event, c.atMs])).toStrictEqual([
      ['resolved', T0 + 10_800_000],
      ['opened', T0 + 36 * TICK],
    ]);
  });

  it('opens SILENT_SITE after the silent span and resolves it with the next reading', () => {
    const machine = new AlertMachine(DEFAULTS);
    machine.fold([obs('s1', 0)], false);
    // 3 intervals = 900 s; at exactly 900 s the site is not yet silent.
    expect(machine.evaluate(T0 + 900_000)).toStrictEqual([]);
    const silent = machine.evaluate(T0 + 900_001);
    expect(silent.map((c) => [c.rule, c.event, c.atMs, c.episode.lastMs])).toStrictEqual([
      [SILENT_SITE_RULE, 'opened', T0 + 900_000, T0],
    ]);
    expect(machine.evaluate(T0 + 2_000_000)).toStrictEqual([]);
    const resumed = machine.fold([obs('s1', 10)], false);
    expect(resumed.map((c) => [c.rule, c.event, c.resolvedMs])).toStrictEqual([
      [SILENT_SITE_RULE, 'resolved', T0 + 10 * TICK],
    ]);
  });

  it('reports a gap no run saw while it lasted as opened and resolved', () => {
    const machine = new AlertMachine(DEFAULTS);
    machine.fold([obs('s1', 0)], false);
    const changes = machine.fold([obs('s1', 4)], false);
    expect(changes.map((c) => [c.rule, c.event, c.atMs])).toStrictEqual([
      [SILENT_SITE_RULE, 'opened', T0 + 900_000],
      [SILENT_SITE_RULE, 'resolved', T0 + 4 * TICK],
    ]);
  });

  it('folds a late anomaly into the open episode (first_seen moves back), and a late one of a closed rule resolves once its quiet period is covered', () => {
    const machine = new AlertMachine(DEFAULTS);
    machine.fold([obs('s1', 5, { [GEN]: 1 })], false);
    machine.fold([obs('s1', 3, { [GEN]: 1 })], true);
    const episode = machine.state.get('s1')?.open.get(GEN);
    expect([episode?.openedMs, episode?.firstMs, episode?.count]).toStrictEqual([
      T0 + 5 * TICK,
      T0 + 3 * TICK,
      2,
    ]);

    const other = new AlertMachine(DEFAULTS);
    other.fold(
      Array.from({ length: 50 }, (_, i) => obs('s2', i)),
      false,
    );
    const late = other.fold([obs('s2', 2, { [CON]: 1 })], true);
    expect(late.map((c) => [c.event, c.late])).toStrictEqual([['opened', true]]);
    const settled = T0 + 50 * TICK;
    expect(other.evaluate(settled).map((c) => [c.event, c.resolvedMs])).toStrictEqual([
      ['resolved', T0 + 2 * TICK + 10_800_000],
    ]);
  });

  it('re-notifies a long-open alert once per renotify period when enabled', () => {
    const machine = new AlertMachine({ ...DEFAULTS, renotifySeconds: 3_600 });
    machine.fold([obs('s1', 0, { [GEN]: 1 })], false);
    const renotified = (settled: number) => machine.evaluate(settled).filter((c) => c.rule === GEN);
    expect(renotified(T0 + 3_599_999)).toStrictEqual([]);
    expect(renotified(T0 + 3_600_000).map((c) => [c.event, c.atMs])).toStrictEqual([
      ['renotified', T0 + 3_600_000],
    ]);
    expect(renotified(T0 + 3_700_000)).toStrictEqual([]);
  });

  it('gives the same changes whatever the arrival order and run times, for files within settle', () => {
    // Observations of 3 sites over 80 ticks, some ticks missing (silences), anomalies at random;
    // delivered in shuffled order to runs at random times; each run folds what its settled time
    // passed (what a file arriving within `settle` guarantees). Reference: one run at the end.
    const settings: AlertSettings = { ...DEFAULTS, quietSeconds: 3_600 };
    const siteArb = fc.array(fc.tuple(fc.integer({ min: 0, max: 9 }), fc.boolean(), fc.boolean()), {
      minLength: 80,
      maxLength: 80,
    });
    fc.assert(
      fc.property(
        fc.array(siteArb, { minLength: 3, maxLength: 3 }),
        fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 30 }),
        fc.integer(),
        (sites, runGaps, seed) => {
          const all: Observation[] = [];
          for (const [s, ticks] of sites.entries())
            for (const [tick, [presence, gen, con]] of ticks.entries()) {
              if (presence === 0) continue; // a missing tick: 1 in 10
              all.push(obs(`s${s}`, tick, { ...(gen && { [GEN]: 1 }), ...(con && { [CON]: 1 }) }));
            }
          const end = T0 + 80 * TICK;
          const reference = new AlertMachine(settings);
          const expected = [...reference.fold(all, false), ...reference.evaluate(end)].map(key).sort();

          const shuffled =
            fc.sample(fc.shuffledSubarray(all, { minLength: all.length }), { numRuns: 1, seed })[0] ?? all;
          const machine = new AlertMachine(settings);
          const got: AlertChange[] = [];
          let previous = Number.NEGATIVE_INFINITY;
          let settled = T0;
          for (const gap of runGaps) {
            settled = Math.min(end, settled + gap * 60_000);
            const due = shuffled.filter((o) => o.timeMs > previous && o.timeMs <= settled);
            got.push(...machine.fold(due, false), ...machine.evaluate(settled));
            previous = settled;
          }
          got.push(
            ...machine.fold(
              shuffled.filter((o) => o.timeMs > previous),
              false,
            ),
            ...machine.evaluate(end),
          );
          expect(got.map(key).sort()).toStrictEqual(expected);
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe('no flapping at the generator default (p = 0.2 per value, 5-minute ticks, quiet 3 h)', () => {
  it('the arithmetic: 36 good readings in a row have probability 0.8^36 ≈ 3e-4, ≈ 0.02 resolves per (site, rule) per day', () => {
    const run = DEFAULTS.quietSeconds / DEFAULTS.intervalSeconds;
    expect(run).toBe(36);
    const pRun = 0.8 ** run;
    expect(pRun).toBeGreaterThan(2.5e-4);
    expect(pRun).toBeLessThan(3.5e-4);
    // A resolve needs an anomaly followed by `run` good readings: per tick 0.2 × 0.8^36.
    const resolvesPerDay = (86_400 / DEFAULTS.intervalSeconds) * 0.2 * pRun;
    expect(resolvesPerDay).toBeGreaterThan(0.015);
    expect(resolvesPerDay).toBeLessThan(0.025);
  });

  it('the real machine over 30 simulated days at 10 sites resolves about that often', () => {
    const result = simulateAlerts({
      sites: 10,
      days: 30,
      anomalyProbability: 0.2,
      settings: DEFAULTS,
      runSeconds: 300,
      seed: 7,
    });
    // 20 (site, rule) pairs × 30 days × ≈0.019 ≈ 11 expected; a flapping machine gives thousands.
    expect(result.resolved).toBeGreaterThan(0);
    expect(result.resolved).toBeLessThan(40);
    expect(result.opened - result.resolved).toBeLessThanOrEqual(20);
    // Against one message per anomalous reading (≈ 36 % of 86,400 readings).
    expect(result.anomalousReadings / result.readings).toBeCloseTo(0.36, 1);
    expect(result.messagesPerDay).toBeLessThan(result.perReadingMessagesPerDay / 20);
  });

  it('a quiet period of 3 ticks flaps (why the default is 3 h)', () => {
    const result = simulateAlerts({
      sites: 10,
      days: 2,
      anomalyProbability: 0.2,
      settings: { ...DEFAULTS, quietSeconds: 900 },
      runSeconds: 300,
      seed: 7,
    });
    expect(result.resolved).toBeGreaterThan(500);
  });
});
