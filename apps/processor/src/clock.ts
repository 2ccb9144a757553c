import { sleep } from './ingest/retryBackoff.js';
import type { Clock } from './types.js';

/** The real clock: `Date.now`, `setTimeout`, `Math.random`. */
export const systemClock: Clock = {
  now: () => Date.now(),
  sleep,
  random: () => Math.random(),
};
