import { readFileSync } from 'node:fs';
import { checkPackage, createPackageFromTarballData } from '@arethetypeswrong/core';
import type { Problem } from '@arethetypeswrong/core';
import { describe, expect, inject, it } from 'vitest';

/**
 * "Are the types wrong?" on the packed tarballs: every entry point resolves to matching types
 * for node10, node16 (from CJS and from ESM) and bundler resolution.
 */

const { tarballs } = inject('packed');

/**
 * Side-effect-only entry points, used as `node --import` / `--require` flags and never imported
 * for types, may be unresolvable under the legacy node10 resolution (no `exports` support).
 */
const SIDE_EFFECT_ENTRYPOINTS: Record<string, readonly string[]> = { '@dd-otel/core': ['./register'] };

function isAllowed(name: string, problem: Problem): boolean {
  const allowed = SIDE_EFFECT_ENTRYPOINTS[name] ?? [];
  return (
    problem.kind === 'NoResolution' &&
    problem.resolutionKind === 'node10' &&
    allowed.includes(problem.entrypoint)
  );
}

describe.each(Object.entries(tarballs))('attw %s', (name, tarball) => {
  it('finds no type resolution problem for node10, node16-cjs, node16-esm and bundler', async () => {
    const pkg = createPackageFromTarballData(new Uint8Array(readFileSync(tarball)));
    const analysis = await checkPackage(pkg);
    if (!('problems' in analysis)) throw new Error(`attw could not analyse ${name}: ${JSON.stringify(analysis)}`);
    expect(analysis.types, 'the package ships its own types').toMatchObject({ kind: 'included' });
    expect(analysis.problems.filter((problem) => !isAllowed(name, problem))).toEqual([]);
  });
});
