import {
  type EnrichedReading,
  fromReadingItem,
  PendingHourReadings,
  type ReadingItem,
  TouchedBuckets,
} from '@energy/core';
import type { ObjectVersion, ProcessorContext } from '../types.js';
import { refreshSummaries } from './refreshSummaries.js';

/** Which part of which file a summary contribution covers. */
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
 * as their rounds are written (the last one per site and timestamp wins, as in the table),
 * and {@link SummaryAggregation.commit} writes the segment's contribution to the summary once
 * all its readings are stored. Holds at most one segment's readings.
 *
 * @example
 * const aggregation = new SummaryAggregation(context);
 * aggregation.add(storedItems);
 * await aggregation.commit({ bucket, key, eTag, segment: 0 });
 */
export class SummaryAggregation {
  readonly #context: ProcessorContext;
  readonly #readings = new Map<string, EnrichedReading>();

  public constructor(context: ProcessorContext) {
    this.#context = context;
  }

  /** Readings held. */
  public get size(): number {
    return this.#readings.size;
  }

  /** Adds stored items (a later one with the same site and timestamp replaces an earlier one). */
  public add(items: readonly ReadingItem[]): void {
    for (const item of items) {
      // NUL cannot occur in a site id, so the joined key is unambiguous.
      const key = `${item.site_id}\u0000${item.timestamp}`;
      this.#readings.delete(key);
      this.#readings.set(key, fromReadingItem(item));
    }
  }

  /**
   * Writes the segment's contribution (idempotent: a redelivered segment gives the same
   * totals) and empties the state. A failure propagates: it is transient, the message is retried.
   */
  public async commit(_source: SegmentSource): Promise<void> {
    if (this.#readings.size === 0) return;
    const touched = new TouchedBuckets();
    const pending = new PendingHourReadings();
    for (const reading of this.#readings.values()) {
      touched.add(reading);
      pending.add(reading);
    }
    const { ddb, config, clock } = this.#context;
    await refreshSummaries(ddb, config.summaryTable, touched, pending, clock);
    this.#readings.clear();
  }
}
