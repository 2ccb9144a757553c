import { defineConfig } from 'vitest/config';

/**
 * Settings every package's vitest config starts from; a package's own
 * `vitest.config.ts` merges in only what differs (timeouts, setup files).
 */
export const sharedVitestConfig = defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    environment: 'node',
    reporters: process.env.CI ? ['default'] : ['default'],
    testTimeout: 20_000,
  },
});
