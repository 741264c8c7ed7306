import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  sourcemap: true,
  target: 'node20',
  // Nest, rxjs and the OTel API are peers: the app's own copies must be the ones used.
  external: [/^@nestjs\//, 'rxjs', 'reflect-metadata', '@opentelemetry/api', '@dd-otel/core'],
});
