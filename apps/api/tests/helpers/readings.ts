import {
  type EnrichedReading,
  enrichReading,
  formatCanonical,
  hasFaultyValue,
  type ReadingItem,
  sumExact,
  type Totals,
  toReadingItem,
} from '@energy/core';

/** Fields of a test reading; everything but the site has a default. */
export type ReadingSpec = {
  /** Site id. */
  site: string;
  /** Canonical timestamp; default 2025-02-16T00:00:00.000Z. */
  timestamp?: string;
  /** Generated kWh; negative makes it anomalous. Default 10.1. */
  generated?: number;
  /** Consumed kWh. Default 3.3. */
  consumed?: number;
};

/** A reading as the processor enriches it. */
function reading(spec: ReadingSpec): EnrichedReading {
  return enrichReading({
    site_id: spec.site,
    timestamp: spec.timestamp ?? '2025-02-16T00:00:00.000Z',
    energy_generated_kwh: spec.generated ?? 10.1,
    energy_consumed_kwh: spec.consumed ?? 3.3,
  });
}

/** The readings-table item of a reading, as the processor stores it. */
export function readingItem(spec: ReadingSpec, sourceKey = 'readings/test.json'): ReadingItem {
  return toReadingItem(reading(spec), { sourceKey, ingestedAt: '2025-02-17T00:00:00.000Z' });
}

/**
 * `count` readings of one site, one every `stepMs` from `start`; every `anomalyEvery`-th
 * (0, n, 2n, ...) has a negative generated value, i.e. is anomalous. 0 means none.
 */
export function readingSeries(options: {
  site: string;
  count: number;
  start?: string;
  stepMs?: number;
  anomalyEvery?: number;
  sourceKey?: string;
}): ReadingItem[] {
  const start = Date.parse(options.start ?? '2025-02-16T00:00:00.000Z');
  const step = options.stepMs ?? 60_000;
  const every = options.anomalyEvery ?? 0;
  return Array.from({ length: options.count }, (_, i) =>
    readingItem(
      {
        site: options.site,
        timestamp: formatCanonical(start + i * step),
        generated: every > 0 && i % every === 0 ? -1 : 10 + (i % 7) / 10,
        consumed: 3 + (i % 5) / 100,
      },
      options.sourceKey,
    ),
  );
}

/**
 * Totals of readings, the expected answer of the summary for them, computed the plain way:
 * readings with a faulty (negative) value count, but their energy is left out.
 */
export function expectedTotals(readings: readonly EnrichedReading[]): Totals {
  const kept = readings.filter((r) => !hasFaultyValue(r.anomaly_reasons));
  return {
    generated_kwh: sumExact(kept.map((r) => r.energy_generated_kwh)),
    consumed_kwh: sumExact(kept.map((r) => r.energy_consumed_kwh)),
    net_kwh: sumExact(kept.map((r) => r.net_energy_kwh)),
    count: readings.length,
    anomalies: readings.filter((r) => r.anomaly).length,
    excluded: readings.length - kept.length,
  };
}
