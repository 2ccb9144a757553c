import { gzipSync } from 'node:zlib';
import type { UploadedReading } from './types.js';

/**
 * `count` readings of one site, one a second from 2025-02-16T10:00:00Z, every
 * `anomalyEvery`-th with a faulty (negative) generation value; values are exact decimals.
 *
 * @example
 * const rows = readings('kill-1', 500, 5);
 */
export function readings(
  siteId: string,
  count: number,
  anomalyEvery = 0,
  startMs = Date.UTC(2025, 1, 16, 10),
): UploadedReading[] {
  return Array.from({ length: count }, (_, i) => ({
    site_id: siteId,
    timestamp: new Date(startMs + i * 1000).toISOString(),
    energy_generated_kwh:
      anomalyEvery > 0 && i % anomalyEvery === 0 ? -1 : Math.round((i % 97) * 1.25 * 100) / 100,
    energy_consumed_kwh: Math.round(((i * 7) % 53) * 0.5 * 100) / 100,
  }));
}

/** A JSON array file of readings. */
export function jsonArray(rows: readonly unknown[]): string {
  return JSON.stringify(rows);
}

/** The poison files: each with the records that must be stored and how many must be quarantined. */
export function poisonCorpus(prefix: string): {
  key: string;
  body: string | Uint8Array;
  stored: UploadedReading[];
  rejected: number;
  quarantinedWhole?: boolean;
}[] {
  const good = (site: string, n = 5) => readings(`${prefix}-${site}`, n, 2);
  const truncated = good('truncated', 4);
  const bom = good('bom');
  const nested = good('nested', 3);
  // Built as text: 5,000 levels are past what JSON.stringify (or a recursive parser) survives.
  const nestedValue = `${'['.repeat(5000)}1${']'.repeat(5000)}`;
  return [
    {
      key: `${prefix}/not-json.json`,
      body: 'site_id,timestamp\nsite1,2025',
      stored: [],
      rejected: 1,
      quarantinedWhole: true,
    },
    {
      key: `${prefix}/truncated.json`,
      body: jsonArray(truncated).slice(0, -40),
      stored: truncated.slice(0, 3),
      rejected: 1,
    },
    { key: `${prefix}/bom.json`, body: `\uFEFF${jsonArray(bom)}`, stored: bom, rejected: 0 },
    {
      key: `${prefix}/utf16.json`,
      body: Buffer.from(`\uFEFF${jsonArray(good('utf16', 1))}`, 'utf16le'),
      stored: [],
      rejected: 1,
      quarantinedWhole: true,
    },
    {
      key: `${prefix}/gzip.json`,
      body: gzipSync(jsonArray(good('gzip'))),
      stored: [],
      rejected: 1,
      quarantinedWhole: true,
    },
    {
      key: `${prefix}/deep.json`,
      body: `[${nested.map((r) => JSON.stringify(r)).join(',')},${JSON.stringify({ ...nested[0], timestamp: '2025-02-16T11:00:00.000Z' }).replace(/"energy_generated_kwh":[^,]+/, `"energy_generated_kwh":${nestedValue}`)}]`,
      stored: nested,
      rejected: 1,
    },
  ];
}
