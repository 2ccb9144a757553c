import { randomUUID } from 'node:crypto';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { PublishBatchCommand, type SNSClient } from '@aws-sdk/client-sns';
import { type DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { alertMarkerKey, type EnrichedReading, formatCanonical, mapWithConcurrency } from '@energy/core';
import { ALERT_SETTINGS, METRIC } from '../constants.js';
import { TransientIngestError } from '../errors.js';
import type { IngestLogger, MetricsSink } from '../types.js';
import { alertEntry, alertId } from './alertMessage.js';
import { putEachIfCondition } from './conditionalPuts.js';

// Exactly-once alerts over an at-least-once world, with a two-state marker per alert in the
// summary table (key: `alertMarkerKey`):
//   1. claim: put {state: pending, claim: <this attempt>, lease} if there is no marker, or a
//      pending one whose lease ran out (its attempt died), or one this attempt already holds
//      (the SDK retried a put whose answer was lost: without that clause the retry would see
//      its own marker and suppress the alert for good);
//   2. publish the claimed alerts;
//   3. confirm: state = sent, only while the claim is still ours.
// A crash anywhere leaves at worst a pending marker, which the next delivery re-claims once
// the lease has passed: an alert is never lost. A marker another live attempt holds, or an
// alert that could not be published, fails the message (SQS redelivers it), so nothing is
// acknowledged unconfirmed. What cannot be ruled out on a standard SNS topic: a publish whose
// answer was lost (reset, timeout) may have gone out; its retry sends it again. That repeat
// carries the same `alert_id`, so it is detectable, and a FIFO topic drops it itself
// (`MessageDeduplicationId`, 5-minute window).

const STATE = { pending: 'pending', sent: 'sent' } as const;

/** Marker writes in flight at once (confirmations and releases). */
const CONCURRENCY = 8;

/** Where alerts go and how dedupe is recorded. */
export type AlertTarget = {
  /** Topic ARN. */
  topicArn: string;
  /** Summary table holding the alert markers. */
  summaryTable: string;
  /** The file the readings came from (goes into the alert body). */
  source: { bucket: string; key: string };
};

/** Outcome of one {@link sendAlerts} call that returned. */
export type AlertOutcome = {
  /** Alerts published (and confirmed). */
  sent: number;
  /** Alerts skipped because an earlier delivery already sent them. */
  suppressed: number;
  /**
   * Alerts that could not be published. Always 0 when the call returns: any failure throws
   * {@link AlertsNotPublishedError} once counted and logged, so that the message is retried.
   */
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
  /** Where `AlertFailures` is counted (the failure throws, so the caller's report never sees it). */
  metrics: MetricsSink;
  /** Clock, epoch ms. */
  now?: () => number;
  /** Id of this attempt's claims; default a random UUID per call. */
  claimId?: () => string;
};

/** Some alerts are not confirmed sent: the message must be retried (their markers let the retry send only those). */
export class AlertsNotPublishedError extends TransientIngestError {
  /** Alerts not confirmed. */
  public readonly unsent: number;

  public constructor(unsent: number, options?: ErrorOptions) {
    super(`${unsent} alert(s) not confirmed sent; the message will be retried to send them`, options);
    this.name = 'AlertsNotPublishedError';
    this.unsent = unsent;
  }
}

/** What the log says of an alert: site, rule(s), the alert id and where its reading came from. */
function describe(reading: EnrichedReading, target: AlertTarget) {
  return {
    site_id: reading.site_id,
    timestamp: reading.timestamp,
    rules: reading.anomaly_reasons,
    alert_id: alertId(reading),
    bucket: target.source.bucket,
    key: target.source.key,
  };
}

type Claim = 'claimed' | 'taken';

async function claim(
  deps: AlertDependencies,
  target: AlertTarget,
  readings: readonly EnrichedReading[],
  claimId: string,
  nowMs: number,
): Promise<Claim[]> {
  const nowSeconds = Math.floor(nowMs / 1000);
  const written = await putEachIfCondition(
    deps.ddb,
    readings.map((reading) => ({
      TableName: target.summaryTable,
      Item: {
        ...alertMarkerKey(reading),
        alert_state: STATE.pending,
        claim_id: claimId,
        lease_until: nowSeconds + ALERT_SETTINGS.claimLeaseSeconds,
        alert_id: alertId(reading),
        source_key: target.source.key,
        claimed_at: formatCanonical(nowMs),
        expires_at: nowSeconds + ALERT_SETTINGS.markerTtlSeconds,
      },
      ConditionExpression:
        'attribute_not_exists(pk) OR (#state = :pending AND (#lease < :now OR #claim = :claim))',
      ExpressionAttributeNames: { '#state': 'alert_state', '#lease': 'lease_until', '#claim': 'claim_id' },
      ExpressionAttributeValues: { ':pending': STATE.pending, ':now': nowSeconds, ':claim': claimId },
    })),
  );
  return written.map((ok) => (ok ? 'claimed' : 'taken'));
}

/**
 * Sets the markers of `readings` (still claimed by `claimId`) with `update`; a marker some
 * other attempt has re-claimed meanwhile is left alone. Failures are returned, not thrown.
 */
async function updateClaimed(
  deps: AlertDependencies,
  target: AlertTarget,
  readings: readonly EnrichedReading[],
  claimId: string,
  update: { expression: string; values: Record<string, unknown>; names?: Record<string, string> },
): Promise<{ reading: EnrichedReading; error: unknown }[]> {
  const failures: { reading: EnrichedReading; error: unknown }[] = [];
  await mapWithConcurrency(readings, CONCURRENCY, async (reading) => {
    try {
      await deps.ddb.send(
        new UpdateCommand({
          TableName: target.summaryTable,
          Key: alertMarkerKey(reading),
          UpdateExpression: update.expression,
          ConditionExpression: '#claim = :claim',
          ExpressionAttributeNames: { '#claim': 'claim_id', ...update.names },
          ExpressionAttributeValues: { ':claim': claimId, ...update.values },
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) failures.push({ reading, error });
    }
  });
  return failures;
}

async function publish(
  deps: AlertDependencies,
  target: AlertTarget,
  readings: readonly EnrichedReading[],
): Promise<{ published: EnrichedReading[]; failed: EnrichedReading[]; error?: unknown }> {
  try {
    const output = await deps.sns.send(
      new PublishBatchCommand({
        TopicArn: target.topicArn,
        PublishBatchRequestEntries: readings.map((reading, index) =>
          alertEntry(`a${index}`, reading, target.source, target.topicArn),
        ),
      }),
    );
    const failedIds = new Set((output.Failed ?? []).map((entry) => entry.Id));
    return {
      published: readings.filter((_, index) => !failedIds.has(`a${index}`)),
      failed: readings.filter((_, index) => failedIds.has(`a${index}`)),
      ...(failedIds.size > 0 ? { error: output.Failed } : {}),
    };
  } catch (error) {
    // Possibly published (an answer lost after SNS acted): the retry may repeat it, same alert_id.
    return { published: [], failed: [...readings], error };
  }
}

/**
 * Publishes one SNS alert per anomalous reading, exactly once per (site, timestamp, reasons)
 * across crashes, retries and redeliveries as far as SNS allows (see the top of this file):
 * claim a pending marker, publish (PublishBatch, 10 per call), confirm the marker as sent.
 * Alerts an earlier delivery confirmed are suppressed. Anything left unconfirmed — a
 * publish that failed, a marker write that failed, a marker another live attempt holds —
 * is counted in `AlertFailures`, logged with site, rules, alert id and key, and fails the
 * call with {@link AlertsNotPublishedError}, so SQS redelivers the message and the retry
 * sends exactly what is missing. Claims of failed publishes are released first, so the
 * retry need not wait for their lease.
 *
 * @example
 * await sendAlerts({ ddb, sns, logger, metrics }, anomalous, { topicArn, summaryTable, source: { bucket, key } });
 * @throws {@link AlertsNotPublishedError} when any alert is not confirmed sent.
 */
export async function sendAlerts(
  deps: AlertDependencies,
  readings: readonly EnrichedReading[],
  target: AlertTarget,
): Promise<AlertOutcome> {
  const anomalous = readings.filter((reading) => reading.anomaly);
  if (anomalous.length === 0) return { sent: 0, suppressed: 0, failed: 0 };
  const nowMs = (deps.now ?? Date.now)();
  const claimId = (deps.claimId ?? randomUUID)();
  const fail = (message: string, unsent: readonly EnrichedReading[], error: unknown): never => {
    deps.metrics.addMetric(METRIC.alertFailures, MetricUnit.Count, unsent.length);
    deps.logger.error(message, {
      topicArn: target.topicArn,
      alerts: unsent.map((reading) => describe(reading, target)),
      error,
    });
    throw new AlertsNotPublishedError(unsent.length, { cause: error });
  };

  let claims: Claim[];
  try {
    claims = await claim(deps, target, anomalous, claimId, nowMs);
  } catch (error) {
    return fail(
      'alerts not published: their markers could not be claimed, so no alert of this round is sent yet',
      anomalous,
      error,
    );
  }
  const toSend = anomalous.filter((_, index) => claims[index] === 'claimed');
  const taken = anomalous.filter((_, index) => claims[index] === 'taken');

  // A taken marker is either confirmed sent (suppress) or pending under another live claim (unknown yet).
  const outcome: AlertOutcome = { sent: 0, suppressed: 0, failed: 0 };
  const unsent: { reading: EnrichedReading; error: unknown }[] = [];
  try {
    const held = await pendingElsewhere(deps, target, taken);
    outcome.suppressed = taken.length - held.length;
    for (const reading of held)
      unsent.push({ reading, error: 'claimed by another attempt still in its lease' });
  } catch (error) {
    // Neither sent nor suppressed: unknown, so retried with the rest.
    for (const reading of taken) unsent.push({ reading, error });
  }

  // Confirmed batch by batch: a crash between a publish and its confirmation repeats at most
  // that batch (10 alerts) on the redelivery, not the whole round.
  const published: EnrichedReading[] = [];
  const notPublished: EnrichedReading[] = [];
  const unconfirmed: { reading: EnrichedReading; error: unknown }[] = [];
  for (let start = 0; start < toSend.length; start += ALERT_SETTINGS.batchSize) {
    const result = await publish(deps, target, toSend.slice(start, start + ALERT_SETTINGS.batchSize));
    published.push(...result.published);
    notPublished.push(...result.failed);
    for (const reading of result.failed) unsent.push({ reading, error: result.error });
    unconfirmed.push(
      ...(await updateClaimed(deps, target, result.published, claimId, {
        expression: 'SET #state = :sent, sent_at = :at REMOVE #lease',
        names: { '#state': 'alert_state', '#lease': 'lease_until' },
        values: { ':sent': STATE.sent, ':at': formatCanonical((deps.now ?? Date.now)()) },
      })),
    );
  }
  outcome.sent = published.length;
  if (unconfirmed.length > 0) {
    // Sent, but the marker still says pending: a redelivery would send these again (same alert_id).
    deps.logger.warn('alerts sent but not confirmed in their markers: a redelivery may repeat them', {
      alerts: unconfirmed.map(({ reading }) => describe(reading, target)),
      error: unconfirmed[0]?.error,
    });
  }
  if (notPublished.length > 0) {
    await updateClaimed(deps, target, notPublished, claimId, {
      expression: 'SET #lease = :zero',
      names: { '#lease': 'lease_until' },
      values: { ':zero': 0 },
    });
  }
  if (unsent.length > 0) {
    return fail(
      'alerts not published: the readings are stored; the message fails so that a redelivery sends these alerts',
      unsent.map(({ reading }) => reading),
      unsent[0]?.error,
    );
  }
  return outcome;
}

/** Of the readings whose claim failed, those not confirmed sent (pending under another live claim). */
async function pendingElsewhere(
  deps: AlertDependencies,
  target: AlertTarget,
  taken: readonly EnrichedReading[],
): Promise<EnrichedReading[]> {
  if (taken.length === 0) return [];
  const states = await mapWithConcurrency(taken, CONCURRENCY, async (reading) => {
    const { Item } = await deps.ddb.send(
      new GetCommand({
        TableName: target.summaryTable,
        Key: alertMarkerKey(reading),
        ProjectionExpression: 'alert_state',
        ConsistentRead: true,
      }),
    );
    if (Item === undefined) return 'gone';
    // Markers written before the pending/sent states existed were written just before their publish.
    return (Item.alert_state as string | undefined) ?? STATE.sent;
  });
  // Gone since the claim failed (released by an older version): unknown, so not suppressed either.
  return taken.filter((_, index) => states[index] !== STATE.sent);
}
