import { defineConfig } from 'tsup';

// ESM only: every demo that uses the snippets is an ES module (Next bundles it as one too).
export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm'],
  dts: true,
  clean: true,
  sourcemap: true,
  target: 'node20',
});
