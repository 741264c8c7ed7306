import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/index.ts', 'src/cli.ts'],
  format: ['esm', 'cjs'],
  // The CLI has no importable API, so only the library entry gets declarations.
  dts: { entry: ['src/index.ts'] },
  clean: true,
  sourcemap: true,
  target: 'node20',
  splitting: true,
  // The trace viewer finds its static files (viewer/) from import.meta.url, in the CJS bundle too.
  shims: true,
});
