import {
  ALERT_MESSAGE_ATTRIBUTE,
  type AlertEvent,
  type AlertRecord,
  MESSAGE_KIND,
  SILENT_SITE_RULE,
} from '../alertRecord.js';
import { formatCanonical } from '../timestamp.js';
import { ALERTER_LIMITS } from './constants.js';
import type { AlertChange, AlertMachineState } from './machine.js';

/** One SNS message, ready to publish: String attributes only. */
export type AlertMessage = {
  subject: string;
  /** JSON text. */
  body: string;
  attributes: Record<string, string>;
};

function subjectOf(text: string): string {
  return text.length <= ALERTER_LIMITS.subjectMaxChars
    ? text
    : // SNS subjects are ASCII only: no ellipsis character.
      `${text.slice(0, ALERTER_LIMITS.subjectMaxChars - 3)}...`;
}

/**
 * The message announcing one event of an episode: subject `[<severity>] <site> <rule> <event>`,
 * a JSON body with the record's facts, attributes `kind=alert`, `site_id`, `rule`, `state`,
 * `severity` for subscription filter policies.
 *
 * @example
 * alertMessage(record, 'opened').subject; // '[warning] site-0042 NEGATIVE_GENERATION opened'
 */
export function alertMessage(record: Omit<AlertRecord, 'notified'>, event: AlertEvent): AlertMessage {
  const body = {
    kind: MESSAGE_KIND.alert,
    alert_id: record.alert_id,
    event,
    site_id: record.site_id,
    rule: record.rule,
    state: record.state,
    severity: record.severity,
    opened_at: record.opened_at,
    first_seen: record.first_seen,
    last_seen: record.last_seen,
    count: record.count,
    ...(record.resolved_at !== undefined && { resolved_at: record.resolved_at }),
    sample_values: record.sample_values,
    source_keys: record.source_keys,
  };
  return {
    subject: subjectOf(`[${record.severity}] ${record.site_id} ${record.rule} ${event}`),
    body: JSON.stringify(body),
    attributes: {
      [ALERT_MESSAGE_ATTRIBUTE.kind]: MESSAGE_KIND.alert,
      [ALERT_MESSAGE_ATTRIBUTE.siteId]: record.site_id,
      [ALERT_MESSAGE_ATTRIBUTE.rule]: record.rule,
      [ALERT_MESSAGE_ATTRIBUTE.state]: record.state,
      [ALERT_MESSAGE_ATTRIBUTE.severity]: record.severity,
    },
  };
}

/** What changed since the last digest (kept in the alerter's checkpoint between runs). */
export type DigestChanges = {
  opened: number;
  resolved: number;
  renotified: number;
  /** The latest changes, one line each (`<site> <rule> <event> <at>`), at most {@link ALERTER_LIMITS.digestRecentChanges}. */
  recent: string[];
};

/** No changes. */
export function emptyDigestChanges(): DigestChanges {
  return { opened: 0, resolved: 0, renotified: 0, recent: [] };
}

/** Adds one change to the digest's list (keeps the newest lines). */
export function noteDigestChange(
  changes: DigestChanges,
  line: { siteId: string; rule: string; event: AlertEvent; atMs: number },
): void {
  changes[line.event] += 1;
  changes.recent.push(`${line.siteId} ${line.rule} ${line.event} ${formatCanonical(line.atMs)}`);
  if (changes.recent.length > ALERTER_LIMITS.digestRecentChanges)
    changes.recent.splice(0, changes.recent.length - ALERTER_LIMITS.digestRecentChanges);
}

/**
 * The digest: the open alerts with their live counts (the first
 * {@link ALERTER_LIMITS.digestListed} by age, the rest counted) and the changes since the last
 * digest; undefined when nothing is open and nothing changed (nothing is sent).
 *
 * @example
 * digestMessage(state, changes, '2025-03-10T12:00:00.000Z')?.subject; // '[digest] 3 open alerts, 5 changes'
 */
export function digestMessage(
  state: AlertMachineState,
  changes: DigestChanges,
  periodEnd: string,
): AlertMessage | undefined {
  const open: { site_id: string; rule: string; opened_at: string; last_seen: string; count: number }[] = [];
  const byRule: Record<string, number> = {};
  for (const [siteId, site] of state)
    for (const episode of site.open.values()) {
      byRule[episode.rule] = (byRule[episode.rule] ?? 0) + 1;
      open.push({
        site_id: siteId,
        rule: episode.rule,
        opened_at: formatCanonical(episode.openedMs),
        last_seen: formatCanonical(episode.rule === SILENT_SITE_RULE ? site.lastReadingMs : episode.lastMs),
        count: episode.count,
      });
    }
  const changed = changes.opened + changes.resolved + changes.renotified;
  if (open.length === 0 && changed === 0) return undefined;
  open.sort((a, b) =>
    a.opened_at < b.opened_at ? -1 : a.opened_at > b.opened_at ? 1 : a.site_id < b.site_id ? -1 : 1,
  );
  const body = {
    kind: MESSAGE_KIND.digest,
    period_end: periodEnd,
    open_count: open.length,
    open_by_rule: byRule,
    open: open.slice(0, ALERTER_LIMITS.digestListed),
    open_not_listed: Math.max(0, open.length - ALERTER_LIMITS.digestListed),
    changes: {
      opened: changes.opened,
      resolved: changes.resolved,
      renotified: changes.renotified,
      recent: changes.recent,
    },
  };
  const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
  return {
    subject: subjectOf(`[digest] ${plural(open.length, 'open alert')}, ${plural(changed, 'change')}`),
    body: JSON.stringify(body),
    attributes: { [ALERT_MESSAGE_ATTRIBUTE.kind]: MESSAGE_KIND.digest },
  };
}

/**
 * The storm message: one run's state changes when there are more than
 * {@link ALERTER_LIMITS.stormThreshold}, counted by event and rule, the first
 * {@link ALERTER_LIMITS.digestListed} listed (by time, then site), with attribute `kind=storm`.
 * Each change's episode is in `GET /v1/alerts` as usual; the hourly digest counts them too.
 *
 * @example
 * stormMessage(changes, '2025-03-10T12:05:00.000Z').subject; // '[storm] 20000 alert changes: 10000 opened NEGATIVE_GENERATION, ...'
 */
export function stormMessage(changes: readonly AlertChange[], at: string): AlertMessage {
  const counts: Record<string, Record<string, number>> = {};
  for (const change of changes) {
    const byRule = counts[change.event] ?? {};
    byRule[change.rule] = (byRule[change.rule] ?? 0) + 1;
    counts[change.event] = byRule;
  }
  const listed = [...changes]
    .sort((a, b) => a.atMs - b.atMs || (a.siteId < b.siteId ? -1 : a.siteId > b.siteId ? 1 : 0))
    .slice(0, ALERTER_LIMITS.digestListed)
    .map((change) => `${change.siteId} ${change.rule} ${change.event} ${formatCanonical(change.atMs)}`);
  const body = {
    kind: MESSAGE_KIND.storm,
    at,
    changes: changes.length,
    by_event_and_rule: counts,
    listed,
    not_listed: changes.length - listed.length,
  };
  const summary = Object.entries(counts)
    .flatMap(([event, byRule]) =>
      Object.entries(byRule)
        .sort(([, a], [, b]) => b - a)
        .map(([rule, n]) => `${n} ${event} ${rule}`),
    )
    .join(', ');
  return {
    subject: subjectOf(`[storm] ${changes.length} alert changes: ${summary}`),
    body: JSON.stringify(body),
    attributes: { [ALERT_MESSAGE_ATTRIBUTE.kind]: MESSAGE_KIND.storm },
  };
}
