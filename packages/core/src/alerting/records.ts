import {
  ALERT_EVENT,
  ALERT_STATE,
  type AlertRecord,
  type AlertSample,
  alertEpisodeId,
  alertRecordKey,
  severityOf,
} from '../alertRecord.js';
import { formatCanonical } from '../timestamp.js';
import { ALERTER_LIMITS } from './constants.js';
import type { AlertChange } from './machine.js';

/** What a state change's record quotes beyond the episode: sample readings and their files. */
export type AlertEvidence = {
  /** Readings that broke the rule (at most {@link ALERTER_LIMITS.sampleValues}). */
  samples: AlertSample[];
  /** Their files' S3 keys, distinct. */
  sourceKeys: string[];
};

/**
 * The `AlertRecord` of a state change, without `notified` (the adapter keeps what is already
 * there: a rerun must not forget an event it published). Resolved episodes get a TTL of
 * {@link ALERTER_LIMITS.resolvedRetentionDays} after their resolution.
 *
 * @example
 * alertRecordOf(change, { samples: [], sourceKeys: [] }, '2025-03-10T12:20:00.000Z').sk; // 'site1#NEGATIVE_GENERATION#2025-03-10T11:00:00.000Z'
 */
export function alertRecordOf(
  change: AlertChange,
  evidence: AlertEvidence,
  updatedAt: string,
): Omit<AlertRecord, 'notified'> {
  const { episode } = change;
  const openedAt = formatCanonical(episode.openedMs);
  const resolved = change.event === ALERT_EVENT.resolved;
  return {
    ...(alertRecordKey(change.siteId, change.rule, openedAt) as { pk: 'ALERTS'; sk: string }),
    alert_id: alertEpisodeId(change.siteId, change.rule, openedAt),
    site_id: change.siteId,
    rule: change.rule,
    severity: severityOf(change.rule),
    state: resolved ? ALERT_STATE.resolved : ALERT_STATE.open,
    opened_at: openedAt,
    first_seen: formatCanonical(episode.firstMs),
    last_seen: formatCanonical(episode.lastMs),
    count: episode.count,
    ...(resolved &&
      change.resolvedMs !== undefined && {
        resolved_at: formatCanonical(change.resolvedMs),
        expires_at: Math.floor(change.resolvedMs / 1_000) + ALERTER_LIMITS.resolvedRetentionDays * 86_400,
      }),
    sample_values: evidence.samples.slice(0, ALERTER_LIMITS.sampleValues),
    source_keys: evidence.sourceKeys.slice(0, ALERTER_LIMITS.sampleValues),
    updated_at: updatedAt,
  };
}
