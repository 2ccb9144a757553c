import type { AlertStore } from '../adapters/AlertStore.js';
import type { ReadingsStore } from '../adapters/ReadingsStore.js';
import type { SummaryStore } from '../adapters/SummaryStore.js';

/** What the route handlers need, built once per app by `createApp`. */
export type RouteDependencies = {
  /** Reads of the readings table. */
  readings: ReadingsStore;
  /** Reads of the summary table. */
  summary: SummaryStore;
  /** Reads of the alert episodes (summary table, `ALERTS` partition). */
  alerts: AlertStore;
  /** HMAC key of the cursors. */
  cursorSecret: string;
  /** Current time in epoch milliseconds (injected so tests control the summary's default range). */
  now: () => number;
  /** Most records a compatible route returns before answering 400. */
  compatibleMaxItems: number;
};
