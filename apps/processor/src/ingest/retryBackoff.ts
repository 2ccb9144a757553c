/** Exponential backoff settings. */
export type BackoffSettings = {
  /** Delay scale, ms. */
  baseDelayMs: number;
  /** Largest delay, ms. */
  maxDelayMs: number;
};

/**
 * "Full jitter" backoff: a uniform random delay in [0, min(cap, base × 2^attempt)).
 * Spreading retries over the whole window keeps writers that were throttled together
 * from retrying together (AWS Architecture Blog, "Exponential Backoff And Jitter").
 *
 * @example
 * fullJitterDelay(3, { baseDelayMs: 50, maxDelayMs: 2000 }, Math.random); // somewhere in [0, 400)
 */
export function fullJitterDelay(attempt: number, settings: BackoffSettings, random: () => number): number {
  const ceiling = Math.min(settings.maxDelayMs, settings.baseDelayMs * 2 ** attempt);
  return Math.floor(random() * ceiling);
}

/** Resolves after `ms` milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
