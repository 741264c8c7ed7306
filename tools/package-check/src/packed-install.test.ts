import { join } from 'node:path';
import { startDevAgent } from '@dd-otel/dev-agent';
import type { DevAgent } from '@dd-otel/dev-agent';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { describeResult, runCommand } from './run-command.js';
import type { InstalledProject, ProjectKind } from './temp-projects.js';
import { apiPeerRange, cleanEnv } from './temp-projects.js';
import { expectRequestTrace, runTracedApp } from './traced-run.js';
import { REPO_ROOT, libraryPackages } from './workspace.js';

/**
 * The packed tarballs, installed into fresh projects as users install them from npm, run a
 * small traced Express app against a dev agent: ESM, CommonJS, and TypeScript compiled with
 * `moduleResolution` `nodenext` and `bundler`.
 */

const { projects } = inject('packed');
const TSC = join(REPO_ROOT, 'node_modules/typescript/bin/tsc');
const LIBRARIES = libraryPackages().map((pkg) => pkg.manifest.name);
let agent: DevAgent;

beforeAll(async () => {
  agent = await startDevAgent({ port: 0 });
});
afterAll(async () => {
  await agent.close();
});

function project(kind: ProjectKind): InstalledProject {
  const installed = projects[kind];
  if (installed.error !== undefined) throw new Error(`npm install of the ${kind} project failed:\n${installed.error}`);
  return installed;
}

/** Export names of each library's ESM build in the workspace: what the tarballs must offer. */
async function workspaceExports(): Promise<Record<string, string[]>> {
  const names: Record<string, string[]> = {};
  for (const name of LIBRARIES) names[name] = Object.keys(await import(name)).filter((key) => key !== 'default').sort();
  return names;
}

async function loadAll(kind: 'esm' | 'cjs'): Promise<Record<string, string[]>> {
  const result = await runCommand(process.execPath, ['load-all.js'], {
    cwd: project(kind).dir,
    env: cleanEnv({ FIXTURE_PACKAGES: JSON.stringify(LIBRARIES) }),
  });
  expect(result.code, describeResult(result)).toBe(0);
  return JSON.parse(result.stdout) as Record<string, string[]>;
}

describe('ESM project (type: module), newest @opentelemetry/api the peer range allows', () => {
  it('imports every package with the same exports as the workspace build', async () => {
    const expected = await workspaceExports();
    const loaded = await loadAll('esm');
    for (const name of LIBRARIES) expect(loaded[name], name).toEqual(expect.arrayContaining(expected[name]!));
  });

  it(`runs a traced Express app and its spans arrive (@opentelemetry/api ${projects.esm.apiVersion}, peer ${apiPeerRange()})`, async () => {
    const run = await runTracedApp(agent, project('esm').dir, 'traced-app.js', 'packed-esm');
    expectRequestTrace(run);
  });
});

describe('CommonJS project, oldest @opentelemetry/api the peer range allows', () => {
  it('requires every package with the same exports as the ESM build', async () => {
    const expected = await workspaceExports();
    const loaded = await loadAll('cjs');
    for (const name of LIBRARIES) expect(loaded[name], name).toEqual(expect.arrayContaining(expected[name]!));
  });

  it(`runs a traced Express app, and the ESM build of core finds the same provider (@opentelemetry/api ${projects.cjs.apiVersion})`, async () => {
    const run = await runTracedApp(agent, project('cjs').dir, 'traced-app.js', 'packed-cjs');
    expectRequestTrace(run);
    expect(run.output.sameProvider).toBe(true);
  });
});

describe.each([
  ['ts-nodenext', 'packed-ts-nodenext'],
  ['ts-bundler', 'packed-ts-bundler'],
] as const)('TypeScript project (%s)', (kind, service) => {
  it('type-checks against the published declarations and runs the compiled app', async () => {
    const { dir } = project(kind);
    const compiled = await runCommand(process.execPath, [TSC, '-p', 'tsconfig.json'], { cwd: dir, env: cleanEnv() });
    expect(compiled.code, describeResult(compiled)).toBe(0);
    expectRequestTrace(await runTracedApp(agent, dir, 'dist/traced-app.js', service));
  });
});
