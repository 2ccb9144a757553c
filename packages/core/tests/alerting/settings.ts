import type { AlertSettings } from '../../src/index.js';

/** The deployed defaults (STACK_SETTINGS.alerter; core cannot import @energy/config, the alerter's env test ties them). */
export const DEFAULTS: AlertSettings = {
  intervalSeconds: 300,
  silentAfterIntervals: 3,
  quietSeconds: 10_800,
  settleSeconds: 300,
  renotifySeconds: 0,
  digestSeconds: 3_600,
};
