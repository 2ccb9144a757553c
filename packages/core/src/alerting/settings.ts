/**
 * The state machine's periods, in seconds (the alerter reads them from its environment; the
 * defaults are `STACK_SETTINGS.alerter`).
 */
export type AlertSettings = {
  /** Seconds between a site's readings: the unit of {@link AlertSettings.silentAfterIntervals}. */
  intervalSeconds: number;
  /** Intervals without a reading after which a known site opens `SILENT_SITE`. */
  silentAfterIntervals: number;
  /** Seconds without an anomaly of a rule (and a reading after them) before its alert resolves. */
  quietSeconds: number;
  /** Seconds a reading must be behind `now` before the machine folds it in. */
  settleSeconds: number;
  /** Seconds after which a still-open alert is announced again; 0 = never. */
  renotifySeconds: number;
  /** Seconds between digests. */
  digestSeconds: number;
};

/** Milliseconds of silence after a site's last reading before it is silent. */
export function silentSpanMs(settings: AlertSettings): number {
  return settings.silentAfterIntervals * settings.intervalSeconds * 1_000;
}
