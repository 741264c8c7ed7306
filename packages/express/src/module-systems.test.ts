import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDevAgent } from '@dd-otel/dev-agent';
import type { DevAgent } from '@dd-otel/dev-agent';

const run = promisify(execFile);
const here = dirname(fileURLToPath(import.meta.url));
const fixtures = join(here, 'testing', 'fixtures');
const dist = join(here, '..', 'dist');

let agent: DevAgent;
beforeAll(async () => {
  agent = await startDevAgent({ port: 0 });
});
afterAll(async () => {
  await agent.close();
});

describe.each([
  ['ESM', 'module-app.mjs', 'esm', 'index.js'],
  ['CJS', 'module-app.cjs', 'cjs', 'index.cjs'],
])('%s app using the built package', (_label, fixture, prefix, entry) => {
  it.each(['express', 'express4'])('traces %s', async (expressModule) => {
    expect(existsSync(join(dist, entry)), 'build the package first (npx tsup, or nx run-many -t build)').toBe(true);
    agent.clear();
    const { stdout } = await run(process.execPath, [join(fixtures, fixture)], {
      cwd: here,
      env: { ...process.env, DD_TRACE_AGENT_URL: agent.url, EXPRESS_MODULE: expressModule, DD_TRACE_FLUSH_INTERVAL: '0' },
      timeout: 15_000,
    });
    const report = JSON.parse(stdout.trim().split('\n').pop()!) as { module: string; bodies: string[] };
    expect(report.module).toBe(join(dist, entry));
    const spans = await agent.waitForSpans(2);
    const user = spans.find((span) => span.resource === 'GET /users/:id');
    const boom = spans.find((span) => span.resource === 'GET /boom');
    expect(user).toMatchObject({ name: 'express.request', service: `${prefix}-fixture`, error: 0 });
    expect(JSON.parse(report.bodies[0]!)).toEqual({ active: user!.spanId });
    expect(boom).toMatchObject({ error: 1 });
    expect(boom!.meta['error.message']).toBe(`${prefix} boom`);
    expect(agent.problems()).toEqual([]);
  });
});
