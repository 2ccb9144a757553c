import { mergeConfig } from 'vitest/config';
import { sharedVitestConfig } from '../../vitest.shared.js';

// Integration tests start an emulator per file and wait on queues: longer hooks and tests.
export default mergeConfig(sharedVitestConfig, { test: { hookTimeout: 60_000, testTimeout: 90_000 } });
