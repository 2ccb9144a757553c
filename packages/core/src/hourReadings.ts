import { sumExact } from './decimal.js';
import type { Aggregate, EnrichedReading } from './types.js';

// Each hour aggregate item of the summary table (pk = SITE#<site_id>, sk = HOUR#<YYYY-MM-DDTHH>)
// also keeps the values of every stored reading of that hour, by offset in the hour:
//   readings = { "<mm:ss.SSS>": [generated, consumed, net, anomaly 0|1] }
// Merging a file's readings into it (last wins per timestamp) and summing it gives the hour's
// totals without reading the readings table back: the item's key is known, so it is one
// BatchGetItem away, whatever the size of the tables.

/** One reading's values in an hour's index: generated, consumed, net kWh, and 1 when anomalous. */
export type HourReadingEntry = [generated: number, consumed: number, net: number, anomaly: 0 | 1];

/** The readings of one site-hour, by timestamp within the hour (`mm:ss.SSS`). */
export type HourReadings = Record<string, HourReadingEntry>;

/** The key of a canonical timestamp within its hour: `2025-02-16T21:30:43.000Z` → `30:43.000`. */
export function offsetInHour(timestamp: string): string {
  return timestamp.slice(14, 23);
}

/** A reading's entry in its hour's index. */
export function toHourReadingEntry(reading: EnrichedReading): HourReadingEntry {
  return [
    reading.energy_generated_kwh,
    reading.energy_consumed_kwh,
    reading.net_energy_kwh,
    reading.anomaly ? 1 : 0,
  ];
}

/**
 * Merges new entries of one site-hour into its stored index; an entry replaces the one of
 * the same timestamp (the readings table keeps the last write of a key, and so does this).
 *
 * @example
 * mergeHourReadings({ '30:43.000': [1, 2, -1, 0] }, { '30:43.000': [52.1234, 17.5, 34.6234, 0] });
 * // { '30:43.000': [52.1234, 17.5, 34.6234, 0] }
 */
export function mergeHourReadings(stored: HourReadings, incoming: HourReadings): HourReadings {
  return { ...stored, ...incoming };
}

/**
 * Totals of an hour's index, summed exactly at the inputs' decimal precision (the same
 * result as `aggregateReadings` on the readings themselves).
 *
 * @example
 * aggregateHourReadings({ '00:00.000': [10.1, 3.3, 6.8, 0], '05:00.000': [-1, 2, -3, 1] });
 * // { generated_kwh: 9.1, consumed_kwh: 5.3, net_kwh: 3.8, count: 2, anomalies: 1 }
 */
export function aggregateHourReadings(readings: HourReadings): Aggregate {
  const entries = Object.values(readings);
  return {
    generated_kwh: sumExact(entries.map((entry) => entry[0])),
    consumed_kwh: sumExact(entries.map((entry) => entry[1])),
    net_kwh: sumExact(entries.map((entry) => entry[2])),
    count: entries.length,
    anomalies: entries.reduce((n, entry) => n + entry[3], 0),
  };
}

/** Readings of one site-hour waiting to be merged into its index. */
export type SiteHourReadings = {
  /** The site. */
  siteId: string;
  /** Hour bucket value, `YYYY-MM-DDTHH`. */
  hour: string;
  /** Their entries, one per timestamp (the last added wins). */
  readings: HourReadings;
};

/**
 * Collects stored readings by site-hour, as compact entries, until they are merged into
 * the hour indexes: a large file then needs one read-merge-write per site-hour, not per
 * reading, and holds about 60 bytes per reading meanwhile.
 *
 * @example
 * const pending = new PendingHourReadings();
 * pending.add(reading);
 * pending.groups(); // [{ siteId: 'site1', hour: '2025-02-16T21', readings: { '30:43.000': [...] } }]
 */
export class PendingHourReadings {
  // "site hour" -> index entries; a space cannot occur in a site id.
  readonly #groups = new Map<string, HourReadings>();
  #size = 0;

  /** Readings held. */
  public get size(): number {
    return this.#size;
  }

  /** Adds a reading; one with the same site and timestamp replaces it. */
  public add(reading: EnrichedReading): void {
    const key = `${reading.site_id} ${reading.timestamp.slice(0, 13)}`;
    let group = this.#groups.get(key);
    if (!group) {
      group = {};
      this.#groups.set(key, group);
    }
    const offset = offsetInHour(reading.timestamp);
    if (!(offset in group)) this.#size++;
    group[offset] = toHourReadingEntry(reading);
  }

  /** The readings grouped by site-hour. */
  public groups(): SiteHourReadings[] {
    return [...this.#groups.entries()].map(([key, readings]) => {
      const [siteId = '', hour = ''] = key.split(' ');
      return { siteId, hour, readings };
    });
  }

  /** Forgets everything held. */
  public clear(): void {
    this.#groups.clear();
    this.#size = 0;
  }
}
