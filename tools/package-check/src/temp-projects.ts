/**
 * Fresh user projects outside the monorepo that install the packed tarballs, the way users
 * install from npm. Third-party packages are pinned to the versions in the root lockfile so npm
 * takes them from its cache (`--prefer-offline`) instead of the registry.
 */
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import semver from 'semver';
import { describeResult, runCommand } from './run-command.js';
import { REPO_ROOT, libraryPackages } from './workspace.js';

export type ProjectKind = 'esm' | 'cjs' | 'ts-nodenext' | 'ts-bundler';

export interface InstalledProject {
  kind: ProjectKind;
  dir: string;
  /** The `@opentelemetry/api` version npm installed there. */
  apiVersion?: string;
  /** Why the install failed; the tests that use the project report it. */
  error?: string;
}

const FIXTURES = join(REPO_ROOT, 'tools/package-check/fixtures');

/** The version of a third-party package installed at the repository root. */
export function rootVersion(name: string): string {
  const manifest = JSON.parse(readFileSync(join(REPO_ROOT, 'node_modules', name, 'package.json'), 'utf8')) as { version: string };
  return manifest.version;
}

/** The `@opentelemetry/api` range every library package declares (they must agree). */
export function apiPeerRange(): string {
  const ranges = new Set(libraryPackages().map((pkg) => pkg.manifest.peerDependencies?.['@opentelemetry/api']));
  const [range] = [...ranges];
  if (ranges.size !== 1 || range === undefined) throw new Error(`packages disagree on the @opentelemetry/api peer: ${[...ranges].join(' | ')}`);
  return range;
}

/** npm settings inherited from an outer `npm run` would leak into the nested installs. */
export function cleanEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!/^npm_/i.test(key)) env[key] = value;
  }
  return { ...env, ...extra };
}

/** The code block under `## Full example` in the core README, compiled by the TypeScript projects. */
export function coreReadmeFullExample(): string {
  const readme = readFileSync(join(REPO_ROOT, 'packages/core/README.md'), 'utf8');
  const match = /^## Full example\n[\s\S]*?```ts\n([\s\S]*?)```/m.exec(readme);
  if (!match) throw new Error('packages/core/README.md has no "## Full example" TypeScript block');
  return match[1]!;
}

interface ProjectSpec {
  type: 'module' | 'commonjs';
  /** Workspace package names installed from their tarballs. */
  tarballs: string[];
  dependencies: Record<string, string>;
  /** Copied fixture → name in the project. */
  files: Record<string, string>;
  /** Generated files: name in the project → content. */
  generated?: Record<string, string>;
  /** Skip peers that npm would add on its own (e.g. `next` and React for @dd-otel/next). */
  omitPeer: boolean;
}

function frameworkDependencies(): Record<string, string> {
  const names = ['express', 'fastify', '@nestjs/common', '@nestjs/core', 'reflect-metadata', 'rxjs'];
  return Object.fromEntries(names.map((name) => [name, rootVersion(name)]));
}

/**
 * The newest published `@opentelemetry/api` inside `range` (one registry lookup, answered from
 * npm's cache when it can be). npm itself would pick an older one to please the OTel packages'
 * own peer ranges; pinning the newest checks that our range does not promise too much.
 */
export async function newestApiVersion(range: string): Promise<string> {
  const result = await runCommand('npm', ['view', '@opentelemetry/api', 'versions', '--json', '--prefer-offline'], {
    cwd: REPO_ROOT,
    env: cleanEnv(),
    timeoutMs: 60_000,
  });
  if (result.code !== 0) throw new Error(describeResult(result));
  const newest = semver.maxSatisfying(JSON.parse(result.stdout) as string[], range);
  if (newest === null) throw new Error(`no published @opentelemetry/api satisfies ${range}`);
  return newest;
}

async function projectSpec(kind: ProjectKind): Promise<ProjectSpec> {
  const libraries = libraryPackages().map((pkg) => pkg.manifest.name);
  const range = apiPeerRange();
  switch (kind) {
    case 'esm':
      return {
        type: 'module',
        tarballs: libraries,
        dependencies: { '@opentelemetry/api': await newestApiVersion(range), ...frameworkDependencies() },
        files: { 'traced-app.mjs': 'traced-app.js', 'load-all.mjs': 'load-all.js' },
        omitPeer: true,
      };
    case 'cjs':
      // The oldest API our peer range allows.
      return {
        type: 'commonjs',
        tarballs: libraries,
        dependencies: { '@opentelemetry/api': semver.minVersion(range)!.version, ...frameworkDependencies() },
        files: { 'traced-app.cjs': 'traced-app.js', 'load-all.cjs': 'load-all.js' },
        omitPeer: true,
      };
    case 'ts-nodenext':
    case 'ts-bundler':
      // npm's default peer handling: what a TypeScript user of core + express gets.
      return {
        type: 'module',
        tarballs: ['@dd-otel/core', '@dd-otel/express'],
        dependencies: {
          '@opentelemetry/api': range,
          express: rootVersion('express'),
          '@types/express': rootVersion('@types/express'),
          '@types/node': rootVersion('@types/node'),
        },
        files: {
          'traced-app.ts': 'src/traced-app.ts',
          [kind === 'ts-nodenext' ? 'tsconfig.nodenext.json' : 'tsconfig.bundler.json']: 'tsconfig.json',
        },
        // Type-checked only (never run): the README's example must compile against the published types.
        generated: { 'src/readme-example.ts': coreReadmeFullExample() },
        omitPeer: false,
      };
  }
}

/** Creates `dir`, writes the project and runs `npm install`; never throws (see `error`). */
export async function installProject(kind: ProjectKind, dir: string, tarballs: Record<string, string>): Promise<InstalledProject> {
  let spec: ProjectSpec;
  try {
    spec = await projectSpec(kind);
  } catch (error) {
    return { kind, dir, error: error instanceof Error ? error.message : String(error) };
  }
  mkdirSync(join(dir, 'src'), { recursive: true });
  const dependencies: Record<string, string> = { ...spec.dependencies };
  for (const name of spec.tarballs) {
    const tarball = tarballs[name];
    if (tarball === undefined) return { kind, dir, error: `no tarball for ${name}` };
    dependencies[name] = `file:${tarball}`;
  }
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify({ name: `package-check-${kind}`, version: '1.0.0', private: true, type: spec.type, dependencies }, null, 2),
  );
  for (const [from, to] of Object.entries(spec.files)) copyFileSync(join(FIXTURES, from), join(dir, to));
  for (const [to, content] of Object.entries(spec.generated ?? {})) writeFileSync(join(dir, to), content);

  const args = ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'];
  if (spec.omitPeer) args.push('--omit=peer');
  const result = await runCommand('npm', args, { cwd: dir, env: cleanEnv(), timeoutMs: 240_000 });
  if (result.code !== 0) return { kind, dir, error: describeResult(result) };
  return { kind, dir, apiVersion: JSON.parse(readFileSync(join(dir, 'node_modules/@opentelemetry/api/package.json'), 'utf8')).version };
}
