// Where things are in the monorepo, and which of dd-otel's packages are built.
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const benchRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
export const repoRoot = join(benchRoot, '..', '..');

/** Absolute path of a dd-otel package's built CJS entry, or undefined when it is not built. */
export function builtPackageEntry(folder) {
  const entry = join(repoRoot, 'packages', folder, 'dist', 'index.cjs');
  return existsSync(entry) ? entry : undefined;
}

/** Where package `name` resolves from `fromDir` by node_modules lookup (no `exports` involved). */
export function findPackageDir(name, fromDir = benchRoot) {
  let dir = fromDir;
  for (;;) {
    const candidate = join(dir, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return realpathSync(candidate);
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/** Installed version of `name` as the benchmarks load it, or undefined. */
export function installedVersion(name) {
  const dir = findPackageDir(name);
  return dir ? JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).version : undefined;
}
