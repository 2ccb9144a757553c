import type { GeneratedReading } from './simulateTick.js';

/**
 * Object key of a tick's file: `<prefix>YYYY/MM/DD/HH/<YYYYMMDDTHHmmssZ>.json`. The time
 * partitions keep listings and lifecycle rules cheap; the compact timestamp (the original
 * feed's style) avoids `:` in keys.
 *
 * @example
 * tickObjectKey('readings/', '2025-02-16T21:30:43Z'); // 'readings/2025/02/16/21/20250216T213043Z.json'
 */
export function tickObjectKey(prefix: string, timestamp: string): string {
  const [date = '', time = ''] = timestamp.split('T');
  const [year, month, day] = date.split('-');
  const hour = time.slice(0, 2);
  const compact = timestamp.replace(/[-:]/g, '').replace(/\.\d+/, '');
  return `${prefix}${year}/${month}/${day}/${hour}/${compact}.json`;
}

/**
 * Body of a tick's file: a JSON array with one reading per line — one parse for the
 * processor, and still readable with `less`.
 *
 * @example
 * tickFileBody(readings); // '[\n{"site_id":"site1",...},\n{"site_id":"site2",...}\n]\n'
 */
export function tickFileBody(readings: readonly GeneratedReading[]): string {
  return `[\n${readings.map((reading) => JSON.stringify(reading)).join(',\n')}\n]\n`;
}
