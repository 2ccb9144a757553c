import { PublishBatchCommand, type SNSClient } from '@aws-sdk/client-sns';
import { DeleteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { alertMarkerKey, type EnrichedReading, formatCanonical } from '@energy/core';
import { ALERT_SETTINGS } from '../constants.js';
import type { IngestLogger } from '../types.js';
import { alertEntry } from './alertMessage.js';
import { putEachIfCondition } from './conditionalPuts.js';

/** Where alerts go and how dedupe is recorded. */
export type AlertTarget = {
  /** Topic ARN. */
  topicArn: string;
  /** Summary table holding the alert markers. */
  summaryTable: string;
  /** The file the readings came from (goes into the alert body). */
  source: { bucket: string; key: string };
};

/** Outcome of one {@link sendAlerts} call. */
export type AlertOutcome = {
  /** Alerts published. */
  sent: number;
  /** Alerts skipped because an earlier delivery already sent them. */
  suppressed: number;
  /** Alerts that could not be published. */
  failed: number;
};

/** Injected helpers. */
export type AlertDependencies = {
  /** DynamoDB document client (markers). */
  ddb: DynamoDBDocumentClient;
  /** SNS client. */
  sns: SNSClient;
  /** Logger with the message context. */
  logger: IngestLogger;
  /** Clock, epoch ms. */
  now?: () => number;
};

/**
 * Claims the right to send each alert: a marker per reading, put only if absent, in
 * parallel. False where a marker already existed (sent by an earlier delivery).
 * DynamoDB failing here is transient and propagates: the message is retried, no alert lost.
 */
async function claimMarkers(
  deps: AlertDependencies,
  target: AlertTarget,
  readings: readonly EnrichedReading[],
): Promise<boolean[]> {
  const now = (deps.now ?? Date.now)();
  return putEachIfCondition(
    deps.ddb,
    readings.map((reading) => ({
      TableName: target.summaryTable,
      Item: {
        ...alertMarkerKey(reading),
        source_key: target.source.key,
        sent_at: formatCanonical(now),
        expires_at: Math.floor(now / 1000) + ALERT_SETTINGS.markerTtlSeconds,
      },
      ConditionExpression: 'attribute_not_exists(pk)',
    })),
  );
}

/** Frees a marker whose alert was not published, so that a redelivery may send it. */
async function releaseMarker(
  deps: AlertDependencies,
  target: AlertTarget,
  reading: EnrichedReading,
): Promise<void> {
  try {
    await deps.ddb.send(new DeleteCommand({ TableName: target.summaryTable, Key: alertMarkerKey(reading) }));
  } catch (error) {
    deps.logger.error('alert marker could not be released: this alert will not be retried', {
      site_id: reading.site_id,
      timestamp: reading.timestamp,
      error,
    });
  }
}

async function publish(
  deps: AlertDependencies,
  target: AlertTarget,
  readings: EnrichedReading[],
): Promise<{ sent: number; failed: EnrichedReading[]; error?: unknown }> {
  try {
    const output = await deps.sns.send(
      new PublishBatchCommand({
        TopicArn: target.topicArn,
        PublishBatchRequestEntries: readings.map((reading, index) =>
          alertEntry(`a${index}`, reading, target.source),
        ),
      }),
    );
    const failedIds = new Map((output.Failed ?? []).map((entry) => [entry.Id, entry]));
    const failed = readings.filter((_, index) => failedIds.has(`a${index}`));
    if (failed.length > 0) return { sent: readings.length - failed.length, failed, error: output.Failed };
    return { sent: readings.length, failed: [] };
  } catch (error) {
    return { sent: 0, failed: readings, error };
  }
}

/**
 * Publishes one SNS alert per anomalous reading, at most once per (site, timestamp,
 * reasons) across redeliveries: a conditional put of the reading's marker claims the alert
 * first, and only claimed alerts are published (PublishBatch, 10 per call). A publish that
 * fails releases its markers, is logged with context and counted — it never fails the
 * message: the readings are already stored. A marker write that fails for any reason
 * other than "already there" propagates, so the message is retried and no alert is lost.
 *
 * @example
 * await sendAlerts({ ddb, sns, logger }, anomalous, { topicArn, summaryTable, source: { bucket, key } });
 */
export async function sendAlerts(
  deps: AlertDependencies,
  readings: readonly EnrichedReading[],
  target: AlertTarget,
): Promise<AlertOutcome> {
  const anomalous = readings.filter((reading) => reading.anomaly);
  if (anomalous.length === 0) return { sent: 0, suppressed: 0, failed: 0 };
  const claimed = await claimMarkers(deps, target, anomalous);
  const toSend = anomalous.filter((_, index) => claimed[index]);
  const outcome: AlertOutcome = { sent: 0, suppressed: anomalous.length - toSend.length, failed: 0 };
  const batches: EnrichedReading[][] = [];
  for (let start = 0; start < toSend.length; start += ALERT_SETTINGS.batchSize) {
    batches.push(toSend.slice(start, start + ALERT_SETTINGS.batchSize));
  }
  for (const batch of batches) {
    const result = await publish(deps, target, batch);
    outcome.sent += result.sent;
    if (result.failed.length === 0) continue;
    outcome.failed += result.failed.length;
    deps.logger.error(
      'alerts not published: the readings are stored, the markers released so that a later delivery of the file can send them',
      {
        topicArn: target.topicArn,
        failed: result.failed.map((reading) => ({ site_id: reading.site_id, timestamp: reading.timestamp })),
        error: result.error,
      },
    );
    for (const reading of result.failed) await releaseMarker(deps, target, reading);
  }
  return outcome;
}
