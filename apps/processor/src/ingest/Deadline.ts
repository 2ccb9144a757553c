import { TIME_SETTINGS } from '../constants.js';
import { DeadlineExceededError } from '../errors.js';

/**
 * The end of the current invocation, read from the Lambda context's remaining time. Files ask
 * it whether to take more work ({@link Deadline.shouldStop}); the batch races each message
 * against {@link Deadline.expiry} so that one stalled call cannot time the invocation out.
 *
 * @example
 * const deadline = Deadline.of(context);
 * if (deadline.shouldStop(lastSegmentMs)) return handOver();
 */
export class Deadline {
  readonly #remaining: () => number;
  /** Stop margin of this invocation, ms. */
  public readonly stopMarginMs: number;
  /** Hard margin of this invocation, ms. */
  public readonly hardMarginMs: number;

  private constructor(remaining: () => number) {
    this.#remaining = remaining;
    const cap = remaining() * TIME_SETTINGS.maxMarginShare;
    this.stopMarginMs = Math.min(TIME_SETTINGS.stopMarginMs, cap);
    this.hardMarginMs = Math.min(TIME_SETTINGS.hardMarginMs, cap);
  }

  /** The deadline of a Lambda invocation. */
  public static of(context: { getRemainingTimeInMillis: () => number }): Deadline {
    return new Deadline(() => context.getRemainingTimeInMillis());
  }

  /** No deadline (tools, benchmarks): never stops. */
  public static none(): Deadline {
    return new Deadline(() => Number.POSITIVE_INFINITY);
  }

  /** Milliseconds left. */
  public remainingMs(): number {
    return this.#remaining();
  }

  /**
   * True when work expected to take `expectedMs` more would end inside the stop margin
   * ({@link TIME_SETTINGS}).
   */
  public shouldStop(expectedMs = 0): boolean {
    return this.#remaining() < this.stopMarginMs + expectedMs;
  }

  /**
   * Rejects with a {@link DeadlineExceededError} when only the hard margin remains; never
   * settles once `signal` aborts (the invocation ended first).
   */
  public expiry(signal: AbortSignal): Promise<never> {
    return new Promise<never>((_resolve, reject) => {
      const left = this.#remaining() - this.hardMarginMs;
      if (!Number.isFinite(left) || signal.aborted) return;
      const timer = setTimeout(
        () =>
          reject(
            new DeadlineExceededError('the invocation is about to time out with this message unfinished'),
          ),
        Math.max(0, left),
      );
      signal.addEventListener('abort', () => clearTimeout(timer), { once: true });
    });
  }
}
