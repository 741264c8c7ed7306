import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDevAgent } from '@dd-otel/dev-agent';
import type { DevAgent } from '@dd-otel/dev-agent';
import { build } from 'esbuild';
import type { BuildOptions } from 'esbuild';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { expectRequestTrace, runTracedApp } from './traced-run.js';

/**
 * The traced Express app (core + express, from the packed tarballs) bundled by esbuild into one
 * file, as serverless and container builds do, then run from an empty folder: no monkey-patching
 * and no runtime file lookups, so tracing survives bundling.
 */

const project = inject('packed').projects['ts-bundler'];
let agent: DevAgent;
let runDir: string;

beforeAll(async () => {
  agent = await startDevAgent({ port: 0 });
  runDir = mkdtempSync(join(tmpdir(), 'dd-otel-bundle-run-'));
});
afterAll(async () => {
  await agent.close();
  rmSync(runDir, { recursive: true, force: true });
});

// Express is CommonJS and requires Node builtins; an ESM bundle needs a real `require` for them.
const ESM_REQUIRE_BANNER = "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);";

describe.each([
  ['cjs', 'app.cjs', {}],
  ['esm', 'app.mjs', { banner: { js: ESM_REQUIRE_BANNER } }],
] as const)('esbuild %s bundle', (format, file, extra: Partial<BuildOptions>) => {
  it('bundles everything into one file that runs on its own and delivers its spans', async () => {
    if (project.error !== undefined) throw new Error(`npm install of the bundler project failed:\n${project.error}`);
    const outfile = join(project.dir, 'bundle', file);
    const result = await build({
      absWorkingDir: project.dir,
      entryPoints: ['src/traced-app.ts'],
      outfile,
      bundle: true,
      platform: 'node',
      target: 'node20',
      format,
      logLevel: 'silent',
      ...extra,
    });
    expect(result.errors).toEqual([]);
    expect(result.warnings.map((warning) => warning.text)).toEqual([]);

    // Run it where there is no node_modules at all: the bundle must be self-contained.
    copyFileSync(outfile, join(runDir, file));
    expectRequestTrace(await runTracedApp(agent, runDir, file, `bundled-${format}`));
  });
});
