import {
  ALERT_EVENT,
  ALERT_STATE,
  ALERTS_PARTITION,
  type AlertRecord,
  type AlertState,
  alertEpisodeId,
  alertRecordKey,
  severityOf,
} from '@energy/core';

/** An alert episode to seed; everything but site, rule and opening time has a default. */
export type AlertSpec = {
  /** Site id. */
  site: string;
  /** Rule code. */
  rule: string;
  /** Canonical opening time. */
  openedAt: string;
  /** Default open. */
  state?: AlertState;
  /** Anomalies counted; default 3 (0 for silence). */
  count?: number;
  /** Canonical resolution time (resolved episodes); default two hours after opening. */
  resolvedAt?: string;
  /** TTL, epoch seconds; default none when open, a week after resolution when resolved. */
  expiresAt?: number;
};

/**
 * An alert episode as the alerter writes it (core's contract: key, id, severity), for tests that
 * read them back through the API.
 */
export function alertRecord(spec: AlertSpec): AlertRecord {
  const state = spec.state ?? ALERT_STATE.open;
  const opened = Date.parse(spec.openedAt);
  const resolvedAt =
    state === ALERT_STATE.resolved
      ? (spec.resolvedAt ?? new Date(opened + 7_200_000).toISOString())
      : undefined;
  const silent = spec.rule === 'SILENT_SITE';
  const lastSeen = new Date(opened + 600_000).toISOString();
  const record: AlertRecord = {
    pk: ALERTS_PARTITION,
    sk: alertRecordKey(spec.site, spec.rule, spec.openedAt).sk,
    alert_id: alertEpisodeId(spec.site, spec.rule, spec.openedAt),
    site_id: spec.site,
    rule: spec.rule,
    severity: severityOf(spec.rule),
    state,
    opened_at: spec.openedAt,
    first_seen: spec.openedAt,
    last_seen: silent ? spec.openedAt : lastSeen,
    count: spec.count ?? (silent ? 0 : 3),
    sample_values: silent
      ? []
      : [{ timestamp: spec.openedAt, energy_generated_kwh: -1, energy_consumed_kwh: 4.2 }],
    source_keys: silent ? [] : [`readings/${spec.openedAt}.json`],
    updated_at: resolvedAt ?? lastSeen,
    notified:
      state === ALERT_STATE.resolved ? [ALERT_EVENT.opened, ALERT_EVENT.resolved] : [ALERT_EVENT.opened],
  };
  if (resolvedAt !== undefined) record.resolved_at = resolvedAt;
  const expiresAt =
    spec.expiresAt ?? (resolvedAt === undefined ? undefined : Date.parse(resolvedAt) / 1000 + 7 * 86_400);
  if (expiresAt !== undefined) record.expires_at = expiresAt;
  return record;
}

/** What `GET /v1/alerts` answers of a record: everything but the keys, `notified` and the TTL. */
export function alertView(record: AlertRecord): Omit<AlertRecord, 'pk' | 'sk' | 'notified' | 'expires_at'> {
  const { pk: _pk, sk: _sk, notified: _notified, expires_at: _expires, ...view } = record;
  return view;
}
