import {
  BucketNotFoundError,
  classifyFailure,
  ObjectNotFoundError,
  PermanentIngestError,
  VersionReplacedError,
} from '../errors.js';
import type { IngestReport, ObjectRef } from '../types.js';
import { FileReport } from './FileReport.js';
import { ingestSegments } from './ingestSegments.js';
import type { IngestContext } from './invocation.js';
import { quarantineFile } from './quarantine.js';
import { openObjectText } from './readObjectText.js';

/**
 * Ingests one S3 object (the version its notification names) from `ref.fromSegment` on:
 * {@link ingestSegments} stores its readings, quarantines its rejects and writes its summary
 * contributions segment by segment, and stops before the invocation's deadline (outcome
 * `continued`, with `nextSegment`). Permanent failures (not JSON, gone, overwritten, too large)
 * quarantine the file in its version's folder and return normally: the message is acknowledged.
 * Transient failures throw a `TransientIngestError`: the message fails and SQS retries it;
 * every write is an idempotent put, so a retry repeats work but never duplicates it.
 *
 * `context.logger` should already carry the file's `bucket` and `key` (processMessage does that).
 *
 * @example
 * const report = await processObject(context, { bucket: 'energy-dev-raw', key: 'readings/2025/02/16/21/x.json', eTag });
 * report.stored; // readings written
 */
export async function processObject(context: IngestContext, ref: ObjectRef): Promise<IngestReport> {
  const { config, logger } = context;
  const report = new FileReport(ref);
  if (ref.key.startsWith(config.quarantinePrefix)) {
    // Our own output (the notification covers the whole bucket): reading it would loop.
    report.value.outcome = 'skipped';
    logger.info('key is under the quarantine prefix: skipped', { quarantinePrefix: config.quarantinePrefix });
    return report.value;
  }
  let version: ObjectRef = ref;
  try {
    const object = await openObjectText(context.s3, ref, config.maxFileBytes);
    version = { ...ref, ...object.version };
    report.setVersion(object.version);
    const outcome = await ingestSegments(context, version, object, report);
    if (!outcome.done) {
      report.value.outcome = 'continued';
      report.value.nextSegment = outcome.nextSegment;
    }
  } catch (error) {
    const failure = classifyFailure(error);
    if (!(failure instanceof PermanentIngestError)) throw failure;
    await quarantine(context, version, failure, report);
  }
  report.publish(context.metrics);
  logger.info(report.value.outcome === 'continued' ? 'file continues in a new message' : 'file ingested', {
    ...report.value,
  });
  return report.value;
}

async function quarantine(
  context: IngestContext,
  ref: ObjectRef,
  failure: PermanentIngestError,
  report: FileReport,
): Promise<void> {
  const { config, logger, clock } = context;
  if (failure instanceof BucketNotFoundError) {
    // No bucket to keep a document in: this line is the record.
    report.quarantined(failure.reason, []);
    logger.error('bucket does not exist: the message is acknowledged, nothing can be read or quarantined', {
      error: failure,
    });
    return;
  }
  // Nothing to copy when the object (or the notified version) is gone.
  const copy = !(failure instanceof ObjectNotFoundError || failure instanceof VersionReplacedError);
  try {
    report.quarantined(
      failure.reason,
      await quarantineFile(
        context.s3,
        config.quarantinePrefix,
        ref,
        failure.reason,
        failure.message,
        copy,
        clock.now(),
      ),
    );
  } catch (error) {
    throw classifyFailure(error);
  }
  logger.warn('file quarantined whole: it will not be retried', {
    reason: failure.reason,
    error: failure,
    quarantineKeys: report.value.quarantineKeys,
  });
}
