import { dayOf, hourOf } from '../summaryKeys.js';
import { formatCanonical } from '../timestamp.js';

const HOUR_MS = 3_600_000;

/**
 * The hours from `fromMs` to `toMs` (both included), as one `[first, last]` hour range per day:
 * the contribution heads of a day share a partition (`FLEET#<day>`, sort key `HH#…`), so each
 * range is one Query.
 *
 * @example
 * hourRangesByDay(Date.parse('2025-03-09T22:30:00Z'), Date.parse('2025-03-10T01:10:00Z'));
 * // [['2025-03-09T22', '2025-03-09T23'], ['2025-03-10T00', '2025-03-10T01']]
 */
export function hourRangesByDay(fromMs: number, toMs: number): [string, string][] {
  const ranges: [string, string][] = [];
  for (let at = Math.floor(fromMs / HOUR_MS) * HOUR_MS; at <= toMs; at += HOUR_MS) {
    const hour = hourOf(formatCanonical(at));
    const last = ranges[ranges.length - 1];
    if (last && dayOf(last[0]) === dayOf(hour)) last[1] = hour;
    else ranges.push([hour, hour]);
  }
  return ranges;
}
