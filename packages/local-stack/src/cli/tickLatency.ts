/** One generator tick followed from written to processed, for the demo's "keeps up" check. */
export type TickLatency = {
  /** Object key of the tick file. */
  key: string;
  /** Readings in the file. */
  readings: number;
  /** Generator invocation time, ms (simulating and writing the file). */
  writeMs: number;
  /** Seconds from the file written (generator returned) to the batch holding it acknowledged. */
  lagSeconds: number;
  /** Processor invocation time of that batch, ms. */
  invocationMs: number;
  /** Readings per second over the lag. */
  readingsPerSecond: number;
  /** Seconds between generator runs: the budget a tick must be processed within. */
  rateSeconds: number;
};

/** The parts of the generator's result this tracker reads (`TickResult` of apps/generator). */
type TickResultLike = { key?: unknown; count?: unknown };

/** Object keys of the S3 records in an SQS message body (URL-decoded as the processor does). */
function s3Keys(body: string): string[] {
  try {
    const records =
      (JSON.parse(body) as { Records?: { s3?: { object?: { key?: string } } }[] }).Records ?? [];
    return records.flatMap((record) => {
      const key = record.s3?.object?.key;
      return key === undefined ? [] : [decodeURIComponent(key.replace(/\+/g, ' '))];
    });
  } catch {
    return [];
  }
}

/**
 * Follows each tick file from the generator run that wrote it to the processor batch that
 * acknowledged it, and reports the lag: a demo keeps up when every lag is below the rate.
 *
 * @example
 * const ticks = new TickLatencyTracker(60, (tick) => print(formatTickLatency(tick)));
 * runtime.schedule?.on('run', (run) => ticks.written(run.result, run.durationMs));
 * runtime.eventSource?.on('batch', (batch) => ticks.processed(bodies, batch.durationMs));
 */
export class TickLatencyTracker {
  private readonly pending = new Map<string, { at: number; readings: number; writeMs: number }>();
  /** Every tick followed to the end, in order. */
  public readonly done: TickLatency[] = [];

  public constructor(
    private readonly rateSeconds: number,
    private readonly onTick: (tick: TickLatency) => void,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** A generator run returned `result` (its `TickResult`) after `writeMs`. */
  public written(result: unknown, writeMs: number): void {
    const { key, count } = (result ?? {}) as TickResultLike;
    if (typeof key !== 'string') return;
    this.pending.set(key, { at: this.now(), readings: typeof count === 'number' ? count : 0, writeMs });
  }

  /** A processor batch with these (acknowledged) message bodies ended after `invocationMs`. */
  public processed(bodies: readonly string[], invocationMs: number): void {
    for (const key of bodies.flatMap(s3Keys)) {
      const tick = this.pending.get(key);
      if (!tick) continue;
      this.pending.delete(key);
      const lagSeconds = (this.now() - tick.at) / 1_000;
      const latency: TickLatency = {
        key,
        readings: tick.readings,
        writeMs: tick.writeMs,
        lagSeconds,
        invocationMs,
        readingsPerSecond: lagSeconds > 0 ? tick.readings / lagSeconds : 0,
        rateSeconds: this.rateSeconds,
      };
      this.done.push(latency);
      this.onTick(latency);
    }
  }

  /** Tick files written but not processed yet. */
  public get backlog(): number {
    return this.pending.size;
  }
}

/** One line per processed tick, e.g. `tick readings/…json: 10,000 readings processed 12.3 s after written (813 readings/s; invocation 11.9 s; keeps up: rate 60 s)`. */
export function formatTickLatency(tick: TickLatency): string {
  const keepsUp = tick.lagSeconds <= tick.rateSeconds ? 'keeps up' : 'BEHIND';
  return (
    `tick ${tick.key}: ${tick.readings.toLocaleString('en-US')} readings processed ${tick.lagSeconds.toFixed(1)} s after written ` +
    `(${Math.round(tick.readingsPerSecond).toLocaleString('en-US')} readings/s; generator ${(tick.writeMs / 1_000).toFixed(1)} s; ` +
    `invocation ${(tick.invocationMs / 1_000).toFixed(1)} s; ${keepsUp}: rate ${tick.rateSeconds} s)`
  );
}
