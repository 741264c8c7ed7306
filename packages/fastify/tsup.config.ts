import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  sourcemap: true,
  target: 'node20',
  // `require('@dd-otel/fastify')` is the plugin function itself, as with every Fastify plugin;
  // the function carries `default` and `datadogFastify`, so the named forms work too.
  footer: ({ format }) => (format === 'cjs' ? { js: 'module.exports = module.exports.default;' } : undefined),
});
