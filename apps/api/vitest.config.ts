import { mergeConfig } from 'vitest/config';
import { sharedVitestConfig } from '../../vitest.shared.js';

// Integration suites start a private emulator per file (about 1.5 s) and seed it.
export default mergeConfig(sharedVitestConfig, { test: { hookTimeout: 120_000, testTimeout: 60_000 } });
