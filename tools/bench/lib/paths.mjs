// Where things are in the monorepo, and which of dd-otel's packages are built.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const benchRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
export const repoRoot = join(benchRoot, '..', '..');

/** Absolute path of a dd-otel package's built CJS entry, or undefined when it is not built. */
export function builtPackageEntry(folder) {
  const entry = join(repoRoot, 'packages', folder, 'dist', 'index.cjs');
  return existsSync(entry) ? entry : undefined;
}
