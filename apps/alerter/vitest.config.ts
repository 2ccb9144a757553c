import { mergeConfig } from 'vitest/config';
import { sharedVitestConfig } from '../../vitest.shared.js';

// The integration test starts an emulator: give the hooks time.
export default mergeConfig(sharedVitestConfig, { test: { hookTimeout: 60_000 } });
