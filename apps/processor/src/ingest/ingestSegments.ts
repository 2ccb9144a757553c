import { formatCanonical, type PayloadBatch, PayloadParser, type Reject } from '@energy/core';
import { ALERT_FEED, BATCH_SETTINGS, WRITE_SETTINGS } from '../constants.js';
import { classifyFailure, DeadlineExceededError } from '../errors.js';
import type { ObjectRef } from '../types.js';
import type { FileReport } from './FileReport.js';
import type { IngestContext } from './invocation.js';
import { writeRejects } from './quarantine.js';
import type { ObjectText } from './readObjectText.js';
import { SummaryAggregation } from './SummaryAggregation.js';
import { sendAlerts } from './sendAlerts.js';
import { WritePipeline } from './WritePipeline.js';

/** Where the segment loop stopped: at the end of the file, or before the deadline at `nextSegment`. */
export type SegmentsOutcome = { done: true } | { done: false; nextSegment: number };

/** The segment being ingested: its writes, aggregation, rejects and share of the batch budget. */
type OpenSegment = {
  index: number;
  pipeline: WritePipeline;
  aggregation: SummaryAggregation;
  rejects: Reject[];
  stored: number;
  share: number;
  startedAt: number;
};

/**
 * Ingests a file segment by segment from `ref.fromSegment` (segments before it were completed by
 * an earlier invocation: parsed again to find the boundary, not written). Each segment's
 * readings are stored, its rejects quarantined and its summary contribution written before the
 * next one starts. Between chunks it asks the deadline whether to go on: mid-segment it stops
 * when the stop margin is reached (that segment is redone by the continuation: idempotent
 * puts), and at a boundary when the next segment, timed by the last one, would not finish.
 * Stopping before any segment completed throws a {@link DeadlineExceededError}: the message
 * fails instead of handing on a continuation that made no progress.
 */
export async function ingestSegments(
  context: IngestContext,
  ref: ObjectRef,
  object: ObjectText,
  report: FileReport,
): Promise<SegmentsOutcome> {
  const { config, clock, deadline, budget, logger } = context;
  const size = config.segmentRecords;
  const first = ref.fromSegment ?? 0;
  const parser = new PayloadParser({ maxAbsKwh: config.maxReadingKwh });
  const metadata = { sourceKey: ref.key, ingestedAt: formatCanonical(clock.now()) };
  let segment = 0;
  let open: OpenSegment | undefined;
  let lastSegmentMs = 0;
  // Time between two deadline checks (one write round, or one chunk): the round in flight when
  // the processor stops still has to finish, so the stop comes that much earlier.
  let lastCheckAt = clock.now();
  const stepMs = (): number => {
    const now = clock.now();
    const step = now - lastCheckAt;
    lastCheckAt = now;
    return step;
  };

  const openSegment = async (): Promise<OpenSegment> => {
    // A small file takes a small share of the batch's budget (it cannot hold more records than
    // its bytes allow); a large one at most a segment.
    const most =
      object.contentLength === undefined
        ? size
        : Math.ceil(object.contentLength / BATCH_SETTINGS.minRecordBytes);
    const share = await budget.acquire(Math.min(size, most));
    const aggregation = new SummaryAggregation(context);
    const state: OpenSegment = {
      index: segment,
      aggregation,
      rejects: [],
      stored: 0,
      share,
      startedAt: clock.now(),
      pipeline: new WritePipeline(context, metadata, async (items, duplicates) => {
        if (duplicates > 0) {
          logger.warn('duplicate (site_id, timestamp) in the file: the last one is stored', { duplicates });
        }
        aggregation.add(items);
        state.stored += items.length;
        report.addStored(items, duplicates);
        // The per-reading feed is opt-in: off, an anomaly costs no marker write and no publish
        // (the alerter turns the stored contributions into state changes).
        if (config.alertFeed !== ALERT_FEED.readings) return;
        report.addAlerts(
          await sendAlerts(
            { ddb: context.ddb, sns: context.sns, logger, metrics: context.metrics, now: clock.now },
            items,
            {
              topicArn: config.alertTopicArn,
              summaryTable: config.summaryTable,
              source: { bucket: ref.bucket, key: ref.key },
            },
          ),
        );
      }),
    };
    return state;
  };

  const closeSegment = async (state: OpenSegment): Promise<void> => {
    await state.pipeline.flush();
    if (state.rejects.length > 0) {
      const key = await writeRejects(
        context.s3,
        config.quarantinePrefix,
        ref,
        { segment: state.index, format: parser.format, stored: state.stored, rejects: state.rejects },
        clock.now(),
      );
      report.addRejects(state.rejects.length, key);
      const [first] = state.rejects;
      logger.warn('records rejected and quarantined; the valid ones are stored', {
        segment: state.index,
        rejected: state.rejects.length,
        rejectsKey: key,
        first: { position: first?.position, field: first?.field, reason: first?.reason },
      });
    }
    await state.aggregation.commit({ ...ref, segment: state.index });
    budget.release(state.share);
    report.value.segmentsCompleted++;
    lastSegmentMs = clock.now() - state.startedAt;
  };

  const accept = async (batch: PayloadBatch): Promise<void> => {
    if (segment < first || (batch.readings.length === 0 && batch.rejects.length === 0)) return;
    open ??= await openSegment();
    for (const reject of batch.rejects) open.rejects.push(reject);
    await open.pipeline.add(batch.readings);
  };

  /**
   * Feeds one chunk, a write round at a time, closing every segment it completes; false when it
   * is time to stop: after every round, when twice the last step (the round in flight, then the
   * hand-over) would reach the stop margin; at a boundary, when the next segment (timed by the
   * last one) would.
   */
  const feed = async (text: string): Promise<boolean> => {
    let piece = text;
    for (;;) {
      const room = (segment + 1) * size - parser.recordCount;
      const take = Math.min(room, WRITE_SETTINGS.roundReadings);
      const before = parser.recordCount;
      await accept(parser.push(piece, take));
      piece = '';
      const got = parser.recordCount - before;
      if (got === room) {
        if (open) await closeSegment(open);
        open = undefined;
        segment++;
        if (segment >= first && deadline.shouldStop(lastSegmentMs + stepMs())) return false;
      } else if (got < take) {
        return !deadline.shouldStop(2 * stepMs());
      } else if (deadline.shouldStop(2 * stepMs())) {
        return false;
      }
    }
  };

  try {
    let finished = true;
    for await (const text of object.chunks) {
      if (context.signal.aborted)
        throw new DeadlineExceededError('the invocation ended before this file did');
      if (!(await feed(text))) {
        finished = false;
        break;
      }
    }
    report.value.bytesRead = object.bytesRead();
    if (parser.format) report.value.format = parser.format;
    if (!finished) {
      // Mid-segment: what the open segment wrote stays (idempotent puts); the continuation redoes it.
      if (open) {
        const failure = await open.pipeline.settle();
        budget.release(open.share);
        open = undefined;
        if (failure !== undefined) throw failure;
      }
      if (report.value.segmentsCompleted === 0) {
        throw new DeadlineExceededError(
          `no segment of the file completed before the deadline (from segment ${first}): the message will be retried`,
        );
      }
      return { done: false, nextSegment: segment };
    }
    await accept(parser.end());
    if (parser.format) report.value.format = parser.format;
    if (open) await closeSegment(open);
    open = undefined;
    return { done: true };
  } catch (error) {
    if (open) {
      // A write that failed meanwhile outranks the error at hand (a permanent verdict would
      // acknowledge the message): its readings must be retried.
      const writeFailure = await open.pipeline.settle();
      budget.release(open.share);
      if (writeFailure !== undefined) throw classifyFailure(writeFailure);
    }
    throw error;
  }
}
