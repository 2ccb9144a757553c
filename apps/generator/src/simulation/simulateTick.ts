import { ANOMALY_REASON, hashSeed, mulberry32 } from '@energy/core';

/** The value a faulty meter reports, as the original feed did. */
export const FAULTY_METER_VALUE = -1;

/** A reading as the generator writes it: the original feed's fields and second-precision timestamp. */
export type GeneratedReading = {
  /** `site1` … `site<n>`. */
  site_id: string;
  /** UTC, second precision, e.g. `2025-02-16T21:30:43Z`. */
  timestamp: string;
  /** kWh in the interval, 4 decimals; {@link FAULTY_METER_VALUE} when faulty. */
  energy_generated_kwh: number;
  /** kWh in the interval, 4 decimals; {@link FAULTY_METER_VALUE} when faulty. */
  energy_consumed_kwh: number;
};

/** A fault the simulation injected, with the rule code that must flag it. */
type InjectedAnomaly = {
  /** The site. */
  site_id: string;
  /** The faulty field. */
  field: 'energy_generated_kwh' | 'energy_consumed_kwh';
  /** Reason code the core rules must report for it. */
  reason: string;
};

/** One tick's output. */
export type SimulatedTick = {
  /** Second-precision UTC timestamp of the tick. */
  timestamp: string;
  /** One reading per site, in site order. */
  readings: GeneratedReading[];
  /** Every fault injected, in site order. */
  injected: InjectedAnomaly[];
};

/** What to simulate. */
export type SimulationSettings = {
  /** Sites `site1` … `site<n>`. */
  siteCount: number;
  /** Probability, per value, of a faulty reading. */
  anomalyProbability: number;
  /** Seed text. */
  seed: string;
};

const HOUR_MS = 3_600_000;

function round4(value: number): number {
  // + 0 turns a -0 into 0: a zero reading is not a faulty meter.
  return Math.round(value * 10_000) / 10_000 + 0;
}

/** Fixed traits of a site, derived from the seed so they stay the same from tick to tick. */
function siteTraits(seed: string, siteId: string) {
  const random = mulberry32(hashSeed(`${seed}|traits|${siteId}`));
  return {
    /** Peak generation per interval, kWh (20–100). */
    peakKwh: 20 + 80 * random(),
    /** Typical consumption per interval, kWh (10–40). */
    baseLoadKwh: 10 + 30 * random(),
    /** Local solar noon offset from 12:00 UTC, hours (sites spread over longitudes). */
    noonOffsetHours: -6 + 12 * random(),
  };
}

/**
 * Simulates one tick: a reading per site with a daily solar-like generation curve (zero at
 * night, a sine by day, thinned by random clouds) and a consumption with an evening peak.
 * With probability `anomalyProbability`, each value is independently replaced by the
 * faulty meter's -1. Pure: the same (seed, tick, settings) give the same readings; each
 * site draws from its own stream, so adding sites does not change the others.
 *
 * @example
 * simulateTick(Date.parse('2025-02-16T21:30:43Z'), { siteCount: 10, anomalyProbability: 0.2, seed: 'demo' });
 * // { timestamp: '2025-02-16T21:30:43Z', readings: [{ site_id: 'site1', ... }, ...], injected: [...] }
 */
export function simulateTick(tickMs: number, settings: SimulationSettings): SimulatedTick {
  const seconds = Math.floor(tickMs / 1000) * 1000;
  const timestamp = new Date(seconds).toISOString().replace('.000Z', 'Z');
  const readings: GeneratedReading[] = [];
  const injected: InjectedAnomaly[] = [];
  for (let n = 1; n <= settings.siteCount; n++) {
    const siteId = `site${n}`;
    const traits = siteTraits(settings.seed, siteId);
    const random = mulberry32(hashSeed(`${settings.seed}|${timestamp}|${siteId}`));
    const solarHour = (((seconds / HOUR_MS + traits.noonOffsetHours) % 24) + 24) % 24;
    const daylight = Math.max(0, Math.sin((Math.PI * (solarHour - 6)) / 12));
    const clouds = 0.6 + 0.4 * random();
    const eveningPeak = 1 + 0.5 * Math.max(0, Math.sin((Math.PI * (solarHour - 16)) / 8));
    let generated = round4(traits.peakKwh * daylight * clouds);
    let consumed = round4(traits.baseLoadKwh * eveningPeak * (0.85 + 0.3 * random()));
    if (random() < settings.anomalyProbability) {
      generated = FAULTY_METER_VALUE;
      injected.push({
        site_id: siteId,
        field: 'energy_generated_kwh',
        reason: ANOMALY_REASON.negativeGeneration,
      });
    }
    if (random() < settings.anomalyProbability) {
      consumed = FAULTY_METER_VALUE;
      injected.push({
        site_id: siteId,
        field: 'energy_consumed_kwh',
        reason: ANOMALY_REASON.negativeConsumption,
      });
    }
    readings.push({
      site_id: siteId,
      timestamp,
      energy_generated_kwh: generated,
      energy_consumed_kwh: consumed,
    });
  }
  return { timestamp, readings, injected };
}
