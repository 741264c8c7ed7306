import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { startDevAgent } from '@dd-otel/dev-agent';
import type { DevAgent } from '@dd-otel/dev-agent';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/** Runs the built `@dd-otel/core/register` entry in a real child process, as users do. */
const run = promisify(execFile);
const packageDir = fileURLToPath(new URL('..', import.meta.url));
const fixture = (name: string) => fileURLToPath(new URL(`./testing/fixtures/${name}`, import.meta.url));

let agent: DevAgent;
beforeAll(async () => {
  agent = await startDevAgent({ port: 0 });
});
afterAll(async () => {
  await agent.close();
});

function env(extra: Record<string, string>) {
  return { ...process.env, DD_TRACE_AGENT_URL: agent.url, DD_SERVICE: 'register-fixture', ...extra };
}

describe('@dd-otel/core/register', () => {
  it.each([
    ['--import', 'guide-span.mjs', 'esm.fixture'],
    ['--require', 'guide-span.cjs', 'cjs.fixture'],
  ])('%s registers from the environment and flushes on exit', async (flag, file, spanName) => {
    await run(process.execPath, [flag, '@dd-otel/core/register', fixture(file)], {
      cwd: packageDir,
      env: env({ DD_TRACE_OTEL_ENABLED: 'true' }),
      timeout: 15_000,
    });
    await agent.waitFor((spans) => spans.some((span) => span.name === spanName), 5_000);
    const span = agent.spans().find((candidate) => candidate.name === spanName)!;
    expect(span.service).toBe('register-fixture');
    expect(span.meta['module.system']).toBe(file.endsWith('.mjs') ? 'esm' : 'cjs');
  });

  it('tells how to enable it when DD_TRACE_OTEL_ENABLED is not set, and sends nothing', async () => {
    const before = agent.spans().length;
    const { stderr } = await run(process.execPath, ['--import', '@dd-otel/core/register', fixture('guide-span.mjs')], {
      cwd: packageDir,
      env: env({ DD_TRACE_OTEL_ENABLED: '' }),
      timeout: 15_000,
    });
    expect(stderr).toContain('DD_TRACE_OTEL_ENABLED=true');
    expect(stderr.split('\n').filter((line) => line.includes('DD_TRACE_OTEL_ENABLED'))).toHaveLength(1);
    expect(agent.spans().length).toBe(before);
  });
});
