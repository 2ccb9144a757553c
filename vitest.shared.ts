import { defineConfig } from 'vitest/config';

/**
 * Settings every package's vitest config starts from; a package's own
 * `vitest.config.ts` merges in only what differs (timeouts, setup files, its coverage
 * thresholds).
 */
export const sharedVitestConfig = defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    environment: 'node',
    reporters: ['default'],
    testTimeout: 20_000,
    // Every test run measures the package's own sources (code run inside a Lambda worker
    // thread from a built zip is not counted: it is the bundle, not `src/`). The one-line
    // summary lands in the `make test` log; each package pins thresholds at what it meets,
    // so a drop fails the run instead of passing unseen.
    coverage: {
      enabled: true,
      provider: 'v8',
      include: ['src/**/*.ts'],
      exclude: ['src/**/*.d.ts'],
      reporter: ['text-summary'],
      reportsDirectory: 'coverage',
    },
  },
});
