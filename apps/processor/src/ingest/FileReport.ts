import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { ReadingItem } from '@energy/core';
import { METRIC } from '../constants.js';
import type { QuarantineReason } from '../errors.js';
import type { IngestReport, MetricsSink, ObjectRef, ObjectVersion } from '../types.js';
import type { AlertOutcome } from './sendAlerts.js';

/**
 * The report of one file in one invocation, its only owner: the write pipeline, the segment
 * loop and the quarantine add to it, and {@link FileReport.publish} turns it into metrics.
 *
 * @example
 * const report = new FileReport(ref);
 * report.addStored(items, 0);
 * report.publish(metrics);
 */
export class FileReport {
  /** The figures so far. */
  public readonly value: IngestReport;

  public constructor(ref: ObjectRef) {
    this.value = {
      bucket: ref.bucket,
      key: ref.key,
      outcome: 'processed',
      fromSegment: ref.fromSegment ?? 0,
      segmentsCompleted: 0,
      bytesRead: 0,
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

  /** Records the version read. */
  public setVersion(version: ObjectVersion): void {
    if (version.versionId) this.value.versionId = version.versionId;
    if (version.eTag) this.value.eTag = version.eTag;
  }

  /** Counts a stored round. */
  public addStored(items: readonly ReadingItem[], duplicates: number): void {
    this.value.stored += items.length;
    this.value.duplicates += duplicates;
    for (const item of items) if (item.anomaly) this.value.anomalies++;
  }

  /** Counts a round's alerts. */
  public addAlerts(outcome: AlertOutcome): void {
    this.value.alertsSent += outcome.sent;
    this.value.alertsSuppressed += outcome.suppressed;
    this.value.alertFailures += outcome.failed;
  }

  /** Counts a segment's rejects and the document that holds them. */
  public addRejects(count: number, documentKey: string): void {
    this.value.rejected += count;
    this.value.quarantineKeys.push(documentKey);
  }

  /** Marks the file refused whole. */
  public quarantined(reason: QuarantineReason, keys: readonly string[]): void {
    this.value.outcome = 'quarantined';
    this.value.quarantineReason = reason;
    this.value.quarantineKeys.push(...keys);
  }

  /** Emits the EMF metrics of this file's invocation. */
  public publish(metrics: MetricsSink): void {
    const add = (name: string, value: number): void => {
      metrics.addMetric(name, MetricUnit.Count, value);
    };
    const report = this.value;
    add(METRIC.readingsStored, report.stored);
    add(METRIC.readingsRejected, report.rejected);
    add(METRIC.anomalies, report.anomalies);
    add(METRIC.alertsSent, report.alertsSent);
    add(METRIC.alertFailures, report.alertFailures);
    add(METRIC.duplicates, report.duplicates);
    add(METRIC.filesQuarantined, report.outcome === 'quarantined' ? 1 : 0);
    add(METRIC.filesContinued, report.outcome === 'continued' ? 1 : 0);
  }
}
