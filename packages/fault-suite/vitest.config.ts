import { mergeConfig } from 'vitest/config';
import { sharedVitestConfig } from '../../vitest.shared.js';

// Each case starts a runtime, injects its fault and waits for the queues to drain: minutes,
// not seconds. One file at a time: the machine has two cores and the cases measure, not race.
export default mergeConfig(sharedVitestConfig, {
  test: { hookTimeout: 120_000, testTimeout: 300_000, fileParallelism: false },
});
