import { mergeConfig } from 'vitest/config';
import { sharedVitestConfig } from '../../vitest.shared.js';

// Each integration test file starts its own emulator (1-2 s) in `beforeAll`.
export default mergeConfig(sharedVitestConfig, { test: { hookTimeout: 60_000, testTimeout: 60_000 } });
