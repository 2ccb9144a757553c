import { createHash } from 'node:crypto';
import type { PublishBatchRequestEntry } from '@aws-sdk/client-sns';
import {
  ALERT_MESSAGE_ATTRIBUTE,
  alertMarkerKey,
  DEFAULT_ANOMALY_RULES,
  type EnrichedReading,
  MESSAGE_KIND,
} from '@energy/core';
import { ALERT_SETTINGS } from '../constants.js';

/** JSON body of an anomaly alert; subscribers parse this. */
export type AlertBody = {
  /** Message type, for subscribers that receive several kinds. */
  type: 'energy.anomaly';
  /** Deterministic id of this alert (see {@link alertId}): the same on every delivery, for subscribers to drop repeats. */
  alert_id: string;
  /** The site. */
  site_id: string;
  /** Canonical UTC timestamp of the reading. */
  timestamp: string;
  /** Energy generated, kWh, as reported. */
  energy_generated_kwh: number;
  /** Energy consumed, kWh, as reported. */
  energy_consumed_kwh: number;
  /** Net energy, kWh. */
  net_energy_kwh: number;
  /** Reason codes of the matched rules. */
  reasons: string[];
  /** One-line description of each reason, in the same order. */
  descriptions: string[];
  /** Where the reading came from. */
  source: { bucket: string; key: string };
};

/**
 * The alert's identity: a hash of its site, timestamp and reasons, the same on every attempt
 * and every redelivery of the file. Sent as the `alert_id` attribute and in the body, and as
 * SNS's `MessageDeduplicationId` on a FIFO topic, so that a repeat is recognisable anywhere.
 *
 * @example
 * alertId(reading); // '3f1c…' (32 hex characters)
 */
export function alertId(reading: Pick<EnrichedReading, 'site_id' | 'timestamp' | 'anomaly_reasons'>): string {
  const { pk, sk } = alertMarkerKey(reading);
  return createHash('sha256').update(`${pk}|${sk}`).digest('hex').slice(0, 32);
}

/** SNS FIFO topics end in `.fifo`; only they take a deduplication id and a group. */
function isFifoTopic(topicArn: string): boolean {
  return topicArn.endsWith('.fifo');
}

const DESCRIPTIONS = new Map(DEFAULT_ANOMALY_RULES.map((rule) => [rule.code, rule.description]));

/** Readable subject, within the SNS limit of 100 characters. */
export function alertSubject(
  reading: Pick<EnrichedReading, 'site_id' | 'timestamp' | 'anomaly_reasons'>,
): string {
  const reasons = reading.anomaly_reasons.map((code) => code.toLowerCase().replaceAll('_', ' ')).join(', ');
  const subject = `Energy anomaly at ${reading.site_id}: ${reasons} (${reading.timestamp.slice(0, 19)}Z)`;
  const max = ALERT_SETTINGS.maxSubjectLength;
  return subject.length <= max ? subject : `${subject.slice(0, max - 1)}…`;
}

/** The alert body for one anomalous reading. */
export function alertBody(reading: EnrichedReading, source: { bucket: string; key: string }): AlertBody {
  return {
    type: 'energy.anomaly',
    alert_id: alertId(reading),
    site_id: reading.site_id,
    timestamp: reading.timestamp,
    energy_generated_kwh: reading.energy_generated_kwh,
    energy_consumed_kwh: reading.energy_consumed_kwh,
    net_energy_kwh: reading.net_energy_kwh,
    reasons: [...reading.anomaly_reasons],
    descriptions: reading.anomaly_reasons.map((code) => DESCRIPTIONS.get(code) ?? code),
    source: { ...source },
  };
}

/**
 * One PublishBatch entry for an anomalous reading (the opt-in per-reading feed). The message
 * attributes let a subscription filter by kind (`kind` = `reading`, String: e-mail
 * subscriptions take only `alert` and `digest`, the alerter's), by site (`site_id`, String)
 * and by reason (`reason`, String.Array: a filter policy `{"reason": ["NEGATIVE_GENERATION"]}`
 * matches when any element does); `alert_id` identifies the alert across repeats. On a FIFO topic the entry also carries
 * the alert id as `MessageDeduplicationId` (SNS drops a repeat within 5 minutes) and the
 * site as `MessageGroupId`.
 *
 * @example
 * alertEntry('a0', reading, { bucket, key }, topicArn);
 */
export function alertEntry(
  id: string,
  reading: EnrichedReading,
  source: { bucket: string; key: string },
  topicArn = '',
): PublishBatchRequestEntry {
  const identity = alertId(reading);
  const fifo = isFifoTopic(topicArn);
  return {
    Id: id,
    ...(fifo ? { MessageDeduplicationId: identity, MessageGroupId: reading.site_id } : {}),
    Subject: alertSubject(reading),
    Message: JSON.stringify(alertBody(reading, source)),
    MessageAttributes: {
      [ALERT_MESSAGE_ATTRIBUTE.kind]: { DataType: 'String', StringValue: MESSAGE_KIND.reading },
      [ALERT_MESSAGE_ATTRIBUTE.siteId]: { DataType: 'String', StringValue: reading.site_id },
      reason: { DataType: 'String.Array', StringValue: JSON.stringify(reading.anomaly_reasons) },
      alert_id: { DataType: 'String', StringValue: identity },
    },
  };
}
