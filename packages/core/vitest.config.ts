import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    setupFiles: ['src/testing/fast-check-seed.ts'],
    testTimeout: 20_000,
    pool: 'forks',
  },
});
