/**
 * The monorepo's workspace packages, read from the root `package.json` `workspaces` globs
 * (`dir/*` patterns only, which is all this repository uses).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

export interface PackageManifest {
  name: string;
  version: string;
  private?: boolean;
  type?: string;
  license?: string;
  main?: string;
  module?: string;
  types?: string;
  exports?: Record<string, unknown>;
  files?: string[];
  sideEffects?: boolean | string[];
  engines?: Record<string, string>;
  keywords?: string[];
  repository?: unknown;
  publishConfig?: Record<string, unknown>;
  bin?: Record<string, string> | string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
  devDependencies?: Record<string, string>;
}

export interface WorkspacePackage {
  /** Folder relative to the repository root, e.g. `packages/core`. */
  relativeDir: string;
  dir: string;
  manifest: PackageManifest;
}

export function readManifest(dir: string): PackageManifest {
  return JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as PackageManifest;
}

/** Every workspace package (packages, tools, apps), sorted by folder. */
export function workspacePackages(): WorkspacePackage[] {
  const root = readManifest(REPO_ROOT) as PackageManifest & { workspaces?: string[] };
  const packages: WorkspacePackage[] = [];
  for (const pattern of root.workspaces ?? []) {
    if (!pattern.endsWith('/*')) throw new Error(`unsupported workspaces pattern ${pattern}`);
    const parent = pattern.slice(0, -2);
    for (const entry of readdirSync(join(REPO_ROOT, parent), { withFileTypes: true })) {
      const relativeDir = `${parent}/${entry.name}`;
      const dir = join(REPO_ROOT, relativeDir);
      if (!entry.isDirectory() || !existsSync(join(dir, 'package.json'))) continue;
      packages.push({ relativeDir, dir, manifest: readManifest(dir) });
    }
  }
  return packages.sort((a, b) => a.relativeDir.localeCompare(b.relativeDir));
}

/** Packages that get published to npm: not private. */
export function publishablePackages(): WorkspacePackage[] {
  return workspacePackages().filter((pkg) => pkg.manifest.private !== true);
}

/** The framework and core packages users install (`packages/*`). */
export function libraryPackages(): WorkspacePackage[] {
  return workspacePackages().filter((pkg) => pkg.relativeDir.startsWith('packages/'));
}
