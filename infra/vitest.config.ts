import { mergeConfig } from 'vitest/config';
import { sharedVitestConfig } from '../vitest.shared.js';

// checkov takes 30-60 s over the whole tree on two cores; the other checks parse HCL in WebAssembly.
export default mergeConfig(sharedVitestConfig, { test: { testTimeout: 60_000, hookTimeout: 180_000 } });
