import { STACK_SETTINGS } from '@energy/config';
import type { AlertSettings } from '../../src/index.js';

const { intervalSeconds, silentAfterIntervals, quietSeconds, settleSeconds, renotifySeconds, digestSeconds } =
  STACK_SETTINGS.alerter;

/** The deployed defaults (`STACK_SETTINGS.alerter`), as the machine takes them. */
export const DEFAULTS: AlertSettings = {
  intervalSeconds,
  silentAfterIntervals,
  quietSeconds,
  settleSeconds,
  renotifySeconds,
  digestSeconds,
};
