import { defineConfig } from 'vitest/config';

// Its own config, so `vitest run` here does not pick up the repo root's (which lists every
// workspace as a project).
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
  },
});
