import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mulberry32 } from '../src/seededRandom.js';

/** One raw reading as a site's meter reports it (before validation). */
export type RawReading = {
  /** Site identifier, `site1` … `siteN`. */
  site_id: string;
  /** UTC timestamp with second precision, as the original feed wrote it. */
  timestamp: string;
  /** kWh, 4 decimals, or -1 for a faulty meter. */
  energy_generated_kwh: number;
  /** kWh, 4 decimals, or -1 for a faulty meter. */
  energy_consumed_kwh: number;
};

/** Shapes a benchmark payload can be written in. */
export type FixtureFormat = 'array' | 'ndjson';

const FIRST_TICK_MS = Date.UTC(2025, 1, 16, 0, 0, 0);
const TICK_MS = 5 * 60_000;
const SITE_COUNT = 10;
const ANOMALY_PROBABILITY = 0.2;

// mulberry32: a tiny seeded PRNG, so every run benchmarks the very same bytes.
const seededRandom = mulberry32;

/**
 * Yields `count` readings shaped like the original feed: 10 sites per 5-minute
 * tick, values uniform 0–100 rounded to 4 decimals, each replaced by -1 with
 * `anomalyProbability` (default 0.2, the original feed's: about a third of the
 * readings are anomalous).
 */
export function* generateReadings(
  count: number,
  seed = 42,
  anomalyProbability = ANOMALY_PROBABILITY,
): Generator<RawReading> {
  const random = seededRandom(seed);
  const energy = (): number =>
    random() < anomalyProbability ? -1 : Math.round(random() * 100 * 10_000) / 10_000;
  for (let i = 0; i < count; i++) {
    const tick = Math.floor(i / SITE_COUNT);
    yield {
      site_id: `site${(i % SITE_COUNT) + 1}`,
      timestamp: new Date(FIRST_TICK_MS + tick * TICK_MS).toISOString().replace('.000Z', 'Z'),
      energy_generated_kwh: energy(),
      energy_consumed_kwh: energy(),
    };
  }
}

/**
 * Serialises readings the way a producer would: a compact JSON array
 * (`JSON.stringify` of the list) or NDJSON (one object per line).
 *
 * @example
 * const bytes = Buffer.from(serializeReadings(generateReadings(100_000), 'ndjson'));
 */
export function serializeReadings(readings: Iterable<RawReading>, format: FixtureFormat): string {
  const lines: string[] = [];
  for (const reading of readings) lines.push(JSON.stringify(reading));
  return format === 'array' ? `[${lines.join(',')}]` : `${lines.join('\n')}\n`;
}

/** Options of {@link writeReadingsFile}. */
export type FixtureFileOptions = {
  /** Probability that a value is a faulty-meter -1; default 0.2. */
  anomalyProbability?: number;
  /**
   * Characters of an extra `meter_notes` attribute per record (ignored by validation, as
   * every unknown field is): fewer, larger records for the same bytes. Default 0.
   */
  paddingChars?: number;
};

/**
 * Writes a payload of at least `minBytes` to `path` without holding it in
 * memory, and returns the number of readings written.
 */
export async function writeReadingsFile(
  path: string,
  format: FixtureFormat,
  minBytes: number,
  options: FixtureFileOptions = {},
): Promise<number> {
  const out = createWriteStream(path);
  const separator = format === 'array' ? ',' : '\n';
  const notes = options.paddingChars ? 'n'.repeat(options.paddingChars) : undefined;
  let pending = format === 'array' ? '[' : '';
  let written = 0;
  let count = 0;
  const flush = async (): Promise<void> => {
    written += Buffer.byteLength(pending);
    // Honour back-pressure so the fixture never sits in memory whole.
    if (!out.write(pending)) await once(out, 'drain');
    pending = '';
  };
  for (const reading of generateReadings(Number.MAX_SAFE_INTEGER, 42, options.anomalyProbability)) {
    const record = notes === undefined ? reading : { ...reading, meter_notes: notes };
    pending += (count === 0 ? '' : separator) + JSON.stringify(record);
    count++;
    if (pending.length >= 1 << 20) await flush();
    if (written + pending.length >= minBytes) break;
  }
  pending += format === 'array' ? ']' : '\n';
  await flush();
  out.end();
  await once(out, 'finish');
  return count;
}
