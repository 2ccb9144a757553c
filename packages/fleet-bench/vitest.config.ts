import { mergeConfig } from 'vitest/config';
import { sharedVitestConfig } from '../../vitest.shared.js';

export default mergeConfig(sharedVitestConfig, { test: { testTimeout: 120_000, hookTimeout: 60_000 } });
