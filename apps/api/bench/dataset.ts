import { formatCanonical, mulberry32, type ReadingItem } from '@energy/core';
import { readingItem } from '../tests/helpers/readings.js';

/** Shape of the benchmark's table. */
export const DATASET = {
  /** Sites, `site1` … `site10`. */
  sites: 10,
  /** Readings per site (10 × 10,000 = 100,000); `BENCH_READINGS_PER_SITE` shrinks it to try the bench quickly. */
  readingsPerSite: Number(process.env.BENCH_READINGS_PER_SITE ?? 10_000),
  /** First reading. */
  start: '2025-01-01T00:00:00.000Z',
  /** One reading per site every 5 minutes, as the original generator's schedule. */
  stepMs: 5 * 60_000,
  /** Probability that a value is a faulty-meter -1, as the original generator. */
  faultProbability: 0.2,
} as const;

/** A small deterministic PRNG (mulberry32), so every run stores the same data. */
export const prng = mulberry32;

/** Canonical timestamp of the `index`-th reading of every site. */
export function readingTime(index: number): string {
  return formatCanonical(Date.parse(DATASET.start) + index * DATASET.stepMs);
}

/** The 100,000 readings (or `readingsPerSite` × 10), as the processor stores them; each value is -1 with probability 0.2. */
export function benchmarkReadings(readingsPerSite: number = DATASET.readingsPerSite): ReadingItem[] {
  const random = prng(20250216);
  const value = () => (random() < DATASET.faultProbability ? -1 : Math.round(random() * 1_000_000) / 10_000);
  const items: ReadingItem[] = [];
  for (let site = 1; site <= DATASET.sites; site++) {
    for (let i = 0; i < readingsPerSite; i++) {
      items.push(
        readingItem(
          { site: `site${site}`, timestamp: readingTime(i), generated: value(), consumed: value() },
          `readings/bench/site${site}.json`,
        ),
      );
    }
  }
  return items;
}
