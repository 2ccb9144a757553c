import { ANOMALY_REASON } from './anomalyRules.js';
import { fnv1a64 } from './fnv1a64.js';
import type { SummaryKey } from './summaryKeys.js';

// The contract between the alerter (writes alert episodes, publishes their state changes),
// the API (`GET /v1/alerts`), the dashboard and SNS subscribers (filter policies). The
// alerter's own working state (per-site counters, its checkpoint) is its business; these
// records and message attributes are what everyone else reads.
//
//   pk = ALERTS      sk = <site_id>#<rule>#<opened_at>      one alert episode of a (site, rule)
//
// One partition: the alerter writes it only on state changes (a handful a day per site at
// worst), and listing "open and recent" alerts is one Query. `#` cannot occur in a site id or
// a rule code, so `begins_with(sk, '<site>#')` and `begins_with(sk, '<site>#<rule>#')` filter
// exactly.

/** Rule code of the silent-site alert: a site that stopped reporting. */
export const SILENT_SITE_RULE = 'SILENT_SITE' as const;

/** Lifecycle of an alert episode. */
export const ALERT_STATE = {
  /** Opened by the first anomalous reading (or silence); further anomalies are counted. */
  open: 'open',
  /** Closed after the quiet period (or, for silence, the site's next reading). */
  resolved: 'resolved',
} as const;

/** One of {@link ALERT_STATE}. */
export type AlertState = (typeof ALERT_STATE)[keyof typeof ALERT_STATE];

/** What a state-change message announces. */
export const ALERT_EVENT = {
  opened: 'opened',
  /** Still open after the re-notify cooldown (off by default: the digest reminds). */
  renotified: 'renotified',
  resolved: 'resolved',
} as const;

/** One of {@link ALERT_EVENT}. */
export type AlertEvent = (typeof ALERT_EVENT)[keyof typeof ALERT_EVENT];

/** Severity, a message attribute for filter policies. */
export type AlertSeverity = 'critical' | 'warning';

/**
 * Severity per rule code. A faulty meter value is a warning (the reading is still stored and
 * flagged); a site that sends nothing at all is critical. Rules not listed are warnings.
 */
const RULE_SEVERITY: Readonly<Record<string, AlertSeverity>> = {
  [ANOMALY_REASON.negativeGeneration]: 'warning',
  [ANOMALY_REASON.negativeConsumption]: 'warning',
  [SILENT_SITE_RULE]: 'critical',
};

/** The severity of a rule code. */
export function severityOf(rule: string): AlertSeverity {
  return RULE_SEVERITY[rule] ?? 'warning';
}

/**
 * The `kind` message attribute of everything published on the alerts topic. E-mail
 * subscriptions filter on `alert` and `digest`; the per-reading feed (`reading`, opt-in) is
 * for machines.
 */
export const MESSAGE_KIND = {
  /** A state change of one alert episode. */
  alert: 'alert',
  /** The scheduled list of open alerts and changes since the last digest. */
  digest: 'digest',
  /** One anomalous reading (the opt-in per-reading feed). */
  reading: 'reading',
  /** Many state changes of one run, summed up in one message (`ALERTER_LIMITS.stormThreshold`). */
  storm: 'storm',
} as const;

/** Names of the SNS message attributes (String type), for filter policies. */
export const ALERT_MESSAGE_ATTRIBUTE = {
  kind: 'kind',
  siteId: 'site_id',
  rule: 'rule',
  state: 'state',
  severity: 'severity',
} as const;

/** A reading quoted in an alert: the values that broke the rule. */
export type AlertSample = {
  /** Canonical timestamp of the reading. */
  timestamp: string;
  /** As stored. */
  energy_generated_kwh: number;
  /** As stored. */
  energy_consumed_kwh: number;
};

/** Partition key of the alert episodes. */
export const ALERTS_PARTITION = 'ALERTS' as const;

/** One alert episode of a (site, rule), as the summary table stores it. */
export type AlertRecord = {
  /** {@link ALERTS_PARTITION}. */
  pk: typeof ALERTS_PARTITION;
  /** `<site_id>#<rule>#<opened_at>` ({@link alertRecordKey}). */
  sk: string;
  /** Stable id of the episode ({@link alertEpisodeId}): the same readings give the same id. */
  alert_id: string;
  site_id: string;
  /** Anomaly rule code, or {@link SILENT_SITE_RULE}. */
  rule: string;
  severity: AlertSeverity;
  state: AlertState;
  /** Canonical time the episode opened: the first anomalous reading's, or when silence began. */
  opened_at: string;
  /** Earliest anomalous reading seen in the episode (a late file may move it before `opened_at`). */
  first_seen: string;
  /** Latest anomalous reading seen, as of the last state change. */
  last_seen: string;
  /** Anomalous readings counted in the episode, as of the last state change (0 for silence). */
  count: number;
  /** Canonical time the episode resolved (resolved episodes only). */
  resolved_at?: string;
  /** Up to a few readings that broke the rule. */
  sample_values: AlertSample[];
  /** Up to a few S3 keys of the files they came from. */
  source_keys: string[];
  /** Canonical time of the last write (what the digest's "changed since" compares). */
  updated_at: string;
  /** Events already published for this episode, so a rerun never sends one twice. */
  notified: AlertEvent[];
  /** TTL, epoch seconds: set when resolved, so resolved episodes stay "recent" for a while. */
  expires_at?: number;
};

/** Key of one alert episode. */
export function alertRecordKey(siteId: string, rule: string, openedAt: string): SummaryKey {
  return { pk: ALERTS_PARTITION, sk: `${siteId}#${rule}#${openedAt}` };
}

/**
 * Stable id of an alert episode: {@link fnv1a64} of site, rule and opening time. Subscribers dedupe on it; a rerun of the alerter derives the same id.
 */
export function alertEpisodeId(siteId: string, rule: string, openedAt: string): string {
  return fnv1a64(`${siteId}\n${rule}\n${openedAt}`);
}
