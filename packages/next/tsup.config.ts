import { defineConfig } from 'tsup';

export default defineConfig({
  // `edge` is what edge/browser bundlers resolve (package.json conditions): it never imports
  // @dd-otel/core, so no Node built-in reaches an Edge bundle.
  entry: ['src/index.ts', 'src/edge.ts'],
  format: ['esm', 'cjs'],
  // Both entries share one public surface; the edge build reuses index's declarations.
  dts: { entry: ['src/index.ts'] },
  clean: true,
  sourcemap: true,
  target: 'node20',
  splitting: true,
});
