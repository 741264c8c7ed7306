import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/main.ts', 'src/guide-snippets.ts'],
  format: ['esm'],
  clean: true,
  target: 'node20',
});
