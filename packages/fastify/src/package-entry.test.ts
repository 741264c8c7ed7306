import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { startDevAgent } from '@dd-otel/dev-agent';
import type { DevAgent } from '@dd-otel/dev-agent';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const packageRoot = fileURLToPath(new URL('..', import.meta.url));

let agent: DevAgent;
beforeAll(async () => {
  agent = await startDevAgent({ port: 0 });
});
afterAll(async () => {
  await agent.close();
});

describe('the built package, in a child process', () => {
  it('is built (run `npx tsup` in packages/fastify first)', () => {
    expect(existsSync(`${packageRoot}dist/index.js`) && existsSync(`${packageRoot}dist/index.cjs`)).toBe(true);
  });

  it.each([
    ['ESM import, Fastify 5', 'esm-app.mjs', 'GET /esm/users/:id'],
    ['CJS require, Fastify 4', 'cjs-app.cjs', 'GET /cjs/users/:id'],
  ])('traces an app that uses it by %s', async (_label, fixture, resource) => {
    const service = `fixture-${fixture.replace(/\W/g, '-')}`;
    const { stdout } = await run(process.execPath, [`src/fixtures/${fixture}`], {
      cwd: packageRoot,
      env: { ...process.env, DD_TRACE_AGENT_URL: agent.url, DD_SERVICE: service, DD_TRACE_OTEL_ENABLED: undefined },
      timeout: 15_000,
    });
    expect(JSON.parse(stdout.trim())).toEqual({ traced: true });
    const span = await agent.waitFor((spans) => spans.find((candidate) => candidate.service === service));
    expect(span).toMatchObject({ name: 'fastify.request', resource, type: 'web' });
    expect(span.meta).toMatchObject({ component: 'fastify', 'http.status_code': '200' });
  });
});
