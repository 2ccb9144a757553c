import { MetricUnit } from '@aws-lambda-powertools/metrics';
import {
  enrichReading,
  formatCanonical,
  type PayloadBatch,
  PayloadParser,
  PendingHourReadings,
  type Reading,
  type Reject,
  TouchedBuckets,
  toReadingItem,
} from '@energy/core';
import { FLUSH_READINGS, METRIC, SUMMARY_SETTINGS } from '../constants.js';
import {
  classifyFailure,
  ObjectNotFoundError,
  ObjectTooLargeError,
  PermanentIngestError,
} from '../errors.js';
import type { IngestDependencies, IngestLogger, IngestReport, ObjectRef } from '../types.js';
import { batchWriteReadings } from './batchWriteReadings.js';
import { dedupeReadings } from './dedupeReadings.js';
import { quarantineFile, writeRejects } from './quarantine.js';
import { readObjectText } from './readObjectText.js';
import { refreshHours } from './refreshHours.js';
import { refreshSummaries } from './refreshSummaries.js';
import { sendAlerts } from './sendAlerts.js';

function emptyReport(ref: ObjectRef): IngestReport {
  return {
    bucket: ref.bucket,
    key: ref.key,
    outcome: 'processed',
    stored: 0,
    rejected: 0,
    duplicates: 0,
    anomalies: 0,
    alertsSent: 0,
    alertsSuppressed: 0,
    alertFailures: 0,
    quarantineKeys: [],
  };
}

/** Resolves to the error a promise rejects with, or undefined. */
async function settle(promise: Promise<void>): Promise<unknown> {
  try {
    await promise;
    return undefined;
  } catch (error) {
    return error;
  }
}

/**
 * Ingests one S3 object end to end: streams it through the core parser, writes valid
 * readings in chunks as they accumulate (one write round in flight while the next chunk
 * parses), alerts on new anomalies, quarantines rejects and refreshes the summary of the
 * buckets it touched. Permanent failures (not JSON, gone, too large) quarantine the file
 * and return normally: the message is acknowledged. Transient failures throw a
 * `TransientIngestError`: the message fails and SQS retries it; every write is an
 * idempotent put, so a retry repeats work but never duplicates it.
 *
 * Plain function with injected clients, so benchmarks and tests call it without Lambda.
 *
 * @example
 * const report = await processObject(deps, { bucket: 'energy-dev-raw', key: 'readings/2025/02/16/21/x.json' }, logger);
 * report.stored; // readings written
 */
export async function processObject(
  deps: IngestDependencies,
  ref: ObjectRef,
  logger: IngestLogger,
): Promise<IngestReport> {
  const { config } = deps;
  const report = emptyReport(ref);
  if (ref.key.startsWith(config.quarantinePrefix)) {
    // Our own output (the notification covers the whole bucket): reading it would loop.
    report.outcome = 'skipped';
    logger.info('key is under the quarantine prefix: skipped', { quarantinePrefix: config.quarantinePrefix });
    return report;
  }
  const now = deps.now ?? Date.now;
  const ingestedAt = formatCanonical(now());
  const touched = new TouchedBuckets();
  const pendingHours = new PendingHourReadings();
  const refreshOptions = {
    now,
    ...(deps.sleep && { sleep: deps.sleep }),
    ...(deps.random && { random: deps.random }),
  };
  const rejects: Reject[] = [];
  let pending: Reading[] = [];
  let inFlight: Promise<void> = Promise.resolve();

  const write = async (readings: Reading[]): Promise<void> => {
    const deduped = dedupeReadings(
      readings.map((reading) => toReadingItem(enrichReading(reading), { sourceKey: ref.key, ingestedAt })),
    );
    if (deduped.duplicates > 0) {
      logger.warn('duplicate (site_id, timestamp) in the file: the last one is stored', {
        duplicates: deduped.duplicates,
      });
    }
    await batchWriteReadings(deps.ddb, deduped.items, {
      tableName: config.readingsTable,
      ...(deps.sleep && { sleep: deps.sleep }),
      ...(deps.random && { random: deps.random }),
    });
    report.stored += deduped.items.length;
    report.duplicates += deduped.duplicates;
    for (const item of deduped.items) {
      touched.add(item);
      pendingHours.add(item);
      if (item.anomaly) report.anomalies++;
    }
    if (pendingHours.size >= SUMMARY_SETTINGS.flushReadings) {
      await refreshHours(deps.ddb, config.summaryTable, pendingHours.groups(), refreshOptions);
      pendingHours.clear();
    }
    const alerts = await sendAlerts(
      { ddb: deps.ddb, sns: deps.sns, logger, metrics: deps.metrics, now },
      deduped.items,
      {
        topicArn: config.alertTopicArn,
        summaryTable: config.summaryTable,
        source: { bucket: ref.bucket, key: ref.key },
      },
    );
    report.alertsSent += alerts.sent;
    report.alertsSuppressed += alerts.suppressed;
    report.alertFailures += alerts.failed;
  };
  const startWrite = async (): Promise<void> => {
    // One round in flight: the next starts after the previous ends, so for keys repeated
    // across rounds the later record (in file order) is the one stored.
    await inFlight;
    const batch = pending;
    pending = [];
    inFlight = write(batch);
    // Observed later by `await inFlight`; this keeps Node from reporting it as unhandled meanwhile.
    inFlight.catch(() => undefined);
  };
  const accept = (batch: PayloadBatch): void => {
    for (const reading of batch.readings) pending.push(reading);
    for (const reject of batch.rejects) rejects.push(reject);
  };

  let parser: PayloadParser | undefined;
  try {
    if (ref.size !== undefined && ref.size > config.maxFileBytes) {
      throw new ObjectTooLargeError(ref.size, config.maxFileBytes);
    }
    parser = new PayloadParser();
    for await (const text of readObjectText(deps.s3, ref, config.maxFileBytes)) {
      accept(parser.push(text));
      if (pending.length >= FLUSH_READINGS) await startWrite();
    }
    accept(parser.end());
    if (pending.length > 0) await startWrite();
    await inFlight;
  } catch (error) {
    const failure = classifyFailure(error);
    // A write that failed meanwhile outranks a permanent verdict: its readings must be retried.
    const writeFailure = await settle(inFlight);
    if (writeFailure !== undefined) throw classifyFailure(writeFailure);
    if (!(failure instanceof PermanentIngestError)) throw failure;
    report.outcome = 'quarantined';
    report.quarantineReason = failure.reason;
    const copy = !(failure instanceof ObjectNotFoundError);
    report.quarantineKeys.push(
      ...(await quarantineFile(
        deps.s3,
        config.quarantinePrefix,
        ref,
        failure.reason,
        failure.message,
        copy,
        now(),
      )),
    );
    logger.warn('file quarantined whole: it will not be retried', {
      reason: failure.reason,
      error: failure,
      quarantineKeys: report.quarantineKeys,
    });
  }
  if (parser?.format) report.format = parser.format;

  try {
    if (rejects.length > 0) {
      report.rejected = rejects.length;
      const details = { format: report.format, stored: report.stored, rejects };
      report.quarantineKeys.push(await writeRejects(deps.s3, config.quarantinePrefix, ref, details, now()));
      logger.warn('records rejected and quarantined; the valid ones are stored', {
        rejected: rejects.length,
        first: { position: rejects[0]?.position, field: rejects[0]?.field, reason: rejects[0]?.reason },
      });
    }
    if (touched.sites().length > 0) {
      await refreshSummaries(deps.ddb, config.summaryTable, touched, pendingHours, refreshOptions);
    }
  } catch (error) {
    throw classifyFailure(error);
  }

  recordMetrics(deps, report);
  logger.info('file ingested', { ...report, quarantineKeys: report.quarantineKeys });
  return report;
}

function recordMetrics(deps: IngestDependencies, report: IngestReport): void {
  const add = (name: string, value: number): void => {
    deps.metrics.addMetric(name, MetricUnit.Count, value);
  };
  add(METRIC.readingsStored, report.stored);
  add(METRIC.readingsRejected, report.rejected);
  add(METRIC.anomalies, report.anomalies);
  add(METRIC.alertsSent, report.alertsSent);
  add(METRIC.alertFailures, report.alertFailures);
  add(METRIC.duplicates, report.duplicates);
  add(METRIC.filesQuarantined, report.outcome === 'quarantined' ? 1 : 0);
}
