import { FileContribution, type ReadingItem } from '@energy/core';
import { writeContribution } from '../summary/writeContribution.js';
import type { ObjectVersion, ProcessorContext } from '../types.js';

/** Which part of which file a summary contribution covers (core's `ContributionSource`). */
export type SegmentSource = ObjectVersion & {
  /** Bucket. */
  bucket: string;
  /** Decoded key. */
  key: string;
  /** Segment index. */
  segment: number;
};

/**
 * The aggregation state of one segment of a file, its only owner: stored readings are added
 * to a `FileContribution` as their rounds are written (the last one per site and timestamp
 * wins, as in the table), and {@link SummaryAggregation.commit} writes the segment's
 * contribution (`writeContribution`: plain puts under keys named by object, version and
 * segment) once all its readings are stored. The summarizer rolls contributions up later.
 *
 * @example
 * const aggregation = new SummaryAggregation(context);
 * aggregation.add(storedItems);
 * await aggregation.commit({ bucket, key, eTag, segment: 0 });
 */
export class SummaryAggregation {
  readonly #context: ProcessorContext;
  #contribution = new FileContribution();

  public constructor(context: ProcessorContext) {
    this.#context = context;
  }

  /** Readings held. */
  public get size(): number {
    return this.#contribution.size;
  }

  /** Adds stored items (a later one with the same site and timestamp replaces an earlier one). */
  public add(items: readonly ReadingItem[]): void {
    for (const item of items) this.#contribution.add(item);
  }

  /**
   * Writes the segment's contribution (idempotent: a redelivered segment puts the same items)
   * and empties the state. A failure propagates: it is transient, the message is retried.
   */
  public async commit(source: SegmentSource): Promise<void> {
    const { ddb, config, clock } = this.#context;
    await writeContribution(
      ddb,
      config.summaryTable,
      {
        bucket: source.bucket,
        key: source.key,
        segment: source.segment,
        ...(source.versionId ? { versionId: source.versionId } : {}),
        ...(source.eTag ? { eTag: source.eTag } : {}),
        ...(source.sequencer ? { sequencer: source.sequencer } : {}),
      },
      this.#contribution,
      // `ingestedAt` is the version's own time, not the clock's: a redelivery or a later segment
      // of the same version then orders (and writes) exactly as the first attempt did. The clock
      // decides lateness: a file handled long after its readings' hours marks their days.
      {
        sleep: clock.sleep,
        random: clock.random,
        now: clock.now,
        ...(source.lastModified !== undefined && { ingestedAt: source.lastModified }),
      },
    );
    this.#contribution = new FileContribution();
  }
}
