import { compareSiteIds } from './summaryView.js';
import type { AlertEpisode } from './types.js';

const SEVERITY_RANK: Readonly<Record<string, number>> = { critical: 0, warning: 1 };

/**
 * The open alerts in the order an operator reads them: critical (silent sites) first, then the
 * longest open, then by site and rule; at most `wanted`.
 *
 * @example
 * orderOpenAlerts(page.items, 50); // [{ rule: 'SILENT_SITE', ... }, { opened_at: '2025-02-16T01:00:00.000Z', ... }, ...]
 */
export function orderOpenAlerts(alerts: readonly AlertEpisode[], wanted: number): AlertEpisode[] {
  return alerts
    .filter((alert) => alert.state === 'open')
    .sort(
      (a, b) =>
        (SEVERITY_RANK[a.severity] ?? 2) - (SEVERITY_RANK[b.severity] ?? 2) ||
        a.opened_at.localeCompare(b.opened_at) ||
        compareSiteIds(a.site_id, b.site_id) ||
        a.rule.localeCompare(b.rule),
    )
    .slice(0, wanted);
}

/** The panel's hint line: how many are shown, and that the list is partial when it is. */
export function openAlertsHint(shown: number, more: boolean, site: string): string {
  const scope = site ? `Site ${site}` : 'The whole fleet';
  if (!more) return `${scope}: ${shown} open, silent sites first, then the longest open`;
  return `${scope}: the first ${shown} open by site id, silent sites first, then the longest open; choose a site to see all of its alerts`;
}
