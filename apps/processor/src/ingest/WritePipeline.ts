import {
  enrichReading,
  type IngestMetadata,
  type Reading,
  type ReadingItem,
  toReadingItem,
} from '@energy/core';
import { WRITE_SETTINGS } from '../constants.js';
import type { ProcessorContext } from '../types.js';
import { batchWriteReadings } from './batchWriteReadings.js';
import { dedupeReadings } from './dedupeReadings.js';

/** What happens to the items of a round once they are stored (summary, report, alerts). */
export type StoredSink = (items: ReadingItem[], duplicates: number) => Promise<void>;

/**
 * The write path of one file: parsed readings are buffered into rounds of
 * {@link WRITE_SETTINGS.roundReadings}, each round is enriched, deduplicated and written with
 * BatchWriteItem (`UnprocessedItems` retried with backoff), then handed to the sink. One round
 * is in flight while the next one parses; the next starts only after the previous ended, so
 * for a key repeated across rounds the later record (in file order) is the one stored.
 *
 * @example
 * const pipeline = new WritePipeline(context, { sourceKey: key, ingestedAt }, onStored);
 * for (const batch of batches) await pipeline.add(batch.readings);
 * await pipeline.flush();
 */
export class WritePipeline {
  readonly #context: ProcessorContext;
  readonly #metadata: IngestMetadata;
  readonly #sink: StoredSink;
  #pending: Reading[] = [];
  #inFlight: Promise<void> = Promise.resolve();

  public constructor(context: ProcessorContext, metadata: IngestMetadata, sink: StoredSink) {
    this.#context = context;
    this.#metadata = metadata;
    this.#sink = sink;
  }

  /** Buffers readings; starts a round (after the previous one ends) once a round is full. */
  public async add(readings: readonly Reading[]): Promise<void> {
    for (const reading of readings) this.#pending.push(reading);
    while (this.#pending.length >= WRITE_SETTINGS.roundReadings) await this.#startRound();
  }

  /** Writes what is buffered and waits until every round has been stored and sunk. */
  public async flush(): Promise<void> {
    while (this.#pending.length > 0) await this.#startRound();
    await this.#inFlight;
  }

  /** Waits for the round in flight without throwing; resolves to its error, if any. Buffered readings are dropped. */
  public async settle(): Promise<unknown> {
    this.#pending = [];
    try {
      await this.#inFlight;
      return undefined;
    } catch (error) {
      return error;
    }
  }

  async #startRound(): Promise<void> {
    await this.#inFlight;
    const readings = this.#pending.splice(0, WRITE_SETTINGS.roundReadings);
    this.#inFlight = this.#round(readings);
    // Observed later by `await this.#inFlight`; this keeps Node from reporting it as unhandled meanwhile.
    this.#inFlight.catch(() => undefined);
  }

  async #round(readings: Reading[]): Promise<void> {
    const { ddb, config, clock } = this.#context;
    const deduped = dedupeReadings(
      readings.map((reading) => toReadingItem(enrichReading(reading), this.#metadata)),
    );
    await batchWriteReadings(ddb, deduped.items, {
      tableName: config.readingsTable,
      sleep: clock.sleep,
      random: clock.random,
    });
    await this.#sink(deduped.items, deduped.duplicates);
  }
}
