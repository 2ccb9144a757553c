import { SUMMARY_LIMITS } from './constants.js';
import { dayOf, hourOf, recentDays } from './summaryKeys.js';
import { formatCanonical } from './timestamp.js';

/** One day a summarizer run examines, and the first hour of it whose heads it reads. */
export type DayScan = {
  /** The day, `YYYY-MM-DD`. */
  day: string;
  /** First hour read, `HH` (`00`: the whole day). */
  fromHour: string;
};

const DAY_MS = 86_400_000;

/**
 * The first hour (`YYYY-MM-DDTHH`) a run after a checkpoint taken at `checkpointMs` reads heads
 * from: `SUMMARY_LIMITS.liveHours` plus `rescanMarginSeconds` before it. The scan depends on the
 * checkpoint through this hour only, so a run whose own start gives the same hour need not
 * write its checkpoint: the next run would scan the same hours either way.
 *
 * @example
 * scanStartHour(Date.parse('2025-02-16T12:00:00Z')); // '2025-02-16T09' (12:00 − 2 h 16 min)
 */
export function scanStartHour(checkpointMs: number): string {
  return hourOf(
    formatCanonical(
      checkpointMs - SUMMARY_LIMITS.liveHours * 3_600_000 - SUMMARY_LIMITS.rescanMarginSeconds * 1_000,
    ),
  );
}

/**
 * The days and hours a summarizer run reads heads of. With a checkpoint (the start of the last
 * complete run): from `SUMMARY_LIMITS.liveHours` plus `rescanMarginSeconds` before it up to the
 * end of today, every day in between whole, so a run's reads follow the files of the last
 * period, not all the heads a day has gathered. A file that came later than that for its hours
 * marked their day (`LATE`): those days are read whole. Without a checkpoint (the first run):
 * the last `SUMMARY_LIMITS.windowDays` days, whole.
 *
 * @example
 * summarizerScan(Date.parse('2025-02-16T12:15:00Z'), Date.parse('2025-02-16T12:00:00Z'), []);
 * // [{ day: '2025-02-16', fromHour: '10' }]
 */
export function summarizerScan(
  nowMs: number,
  checkpointMs: number | undefined,
  lateDays: readonly string[],
): DayScan[] {
  const today = dayOf(formatCanonical(nowMs));
  const scans = new Map<string, string>();
  if (checkpointMs === undefined) {
    for (const day of recentDays(today, SUMMARY_LIMITS.windowDays)) scans.set(day, '00');
  } else {
    const from = scanStartHour(Math.min(checkpointMs, nowMs));
    const firstDay = dayOf(from);
    for (let dayMs = Date.parse(`${firstDay}T00:00:00.000Z`); ; dayMs += DAY_MS) {
      const day = dayOf(formatCanonical(dayMs));
      if (day > today) break;
      scans.set(day, day === firstDay ? from.slice(11, 13) : '00');
    }
  }
  for (const day of lateDays) scans.set(day, '00');
  return [...scans]
    .map(([day, fromHour]) => ({ day, fromHour }))
    .sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : 0));
}
