import { defineConfig } from 'vitest/config';

// `npx vitest run` from the repo root runs each workspace with its own config (timeouts, pools,
// set-up files), as `npm test` does through Nx; without this list the root run used vitest's
// defaults (5 s timeout) and the reliability tests that wait on a hanging Agent timed out.
export default defineConfig({
  test: {
    projects: [
      'packages/*/vitest.config.ts',
      'apps/*/vitest.config.ts',
      'tools/dev-agent/vitest.config.ts',
      'tools/package-check/vitest.config.ts',
    ],
  },
});
