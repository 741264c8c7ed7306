/**
 * Runs once before the checks: packs every publishable workspace with `npm pack` (what `npm
 * publish` would upload) and installs the tarballs into fresh user projects. The tests get the
 * paths through `inject('packed')`.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { runOrThrow } from './run-command.js';
import { cleanEnv, installProject } from './temp-projects.js';
import type { InstalledProject, ProjectKind } from './temp-projects.js';
import { REPO_ROOT, publishablePackages } from './workspace.js';

export interface PackedWorkspace {
  /** Package name → absolute path of its tarball. */
  tarballs: Record<string, string>;
  projects: Record<ProjectKind, InstalledProject>;
}

declare module 'vitest' {
  export interface ProvidedContext {
    packed: PackedWorkspace;
  }
}

const PROJECT_KINDS: readonly ProjectKind[] = ['esm', 'cjs', 'ts-nodenext', 'ts-bundler'];

export default async function setup(project: TestProject): Promise<() => void> {
  const packages = publishablePackages();
  const unbuilt = packages.filter((pkg) => !existsSync(join(pkg.dir, 'dist')));
  if (unbuilt.length > 0) {
    throw new Error(
      `not built: ${unbuilt.map((pkg) => pkg.relativeDir).join(', ')}. ` +
        'Run `npx nx run-many -t build` first (`nx run @dd-otel/package-check:test` does it).',
    );
  }

  const root = mkdtempSync(join(tmpdir(), 'dd-otel-package-check-'));
  const tarballDir = join(root, 'tarballs');
  mkdirSync(tarballDir);
  const workspaceArgs = packages.flatMap((pkg) => ['-w', pkg.relativeDir]);
  const packed = await runOrThrow(
    'npm',
    ['pack', ...workspaceArgs, '--pack-destination', tarballDir, '--json', '--ignore-scripts', '--loglevel=error'],
    { cwd: REPO_ROOT, env: cleanEnv() },
  );
  const tarballs: Record<string, string> = {};
  for (const entry of JSON.parse(packed.stdout) as Array<{ name: string; filename: string }>) {
    tarballs[entry.name] = join(tarballDir, entry.filename);
  }

  const installed = await Promise.all(PROJECT_KINDS.map((kind) => installProject(kind, join(root, kind), tarballs)));
  const projects = Object.fromEntries(installed.map((result) => [result.kind, result])) as Record<ProjectKind, InstalledProject>;
  project.provide('packed', { tarballs, projects });

  return () => {
    if (process.env.KEEP_PACKAGE_CHECK_TMP) {
      console.log(`package-check: kept ${root}`);
      return;
    }
    rmSync(root, { recursive: true, force: true });
  };
}
