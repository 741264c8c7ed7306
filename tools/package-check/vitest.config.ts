import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    globalSetup: ['src/pack.global-setup.ts'],
    // Packing and installing happen once in the global setup; the checks themselves run
    // compilers, bundlers and child processes.
    testTimeout: 120_000,
    hookTimeout: 240_000,
    pool: 'forks',
  },
});
