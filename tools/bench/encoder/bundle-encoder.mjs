// dd-otel's encoders are internal to @dd-otel/core (not exported), so the benchmark bundles
// packages/core/src/encode/create-encoder.ts with esbuild into a temporary file.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { repoRoot } from '../lib/paths.mjs';

/** Bundles the encoders; returns `{ file, dispose() }`. */
export async function bundleEncoders() {
  const dir = mkdtempSync(join(tmpdir(), 'dd-otel-bench-encoder-'));
  const file = join(dir, 'create-encoder.mjs');
  await build({
    entryPoints: [join(repoRoot, 'packages/core/src/encode/create-encoder.ts')],
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    outfile: file,
    logLevel: 'error',
  });
  return { file, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}
