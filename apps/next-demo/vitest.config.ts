import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // `next build` runs once in a beforeAll; Next itself is CPU-heavy, so files run one at a time.
    hookTimeout: 300_000,
    testTimeout: 60_000,
    pool: 'forks',
    fileParallelism: false,
  },
});
