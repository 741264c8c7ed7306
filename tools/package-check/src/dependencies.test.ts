import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { distPackageImports } from './dist-imports.js';
import { publishablePackages } from './workspace.js';

/**
 * Honest dependencies: what a build loads at run time is declared (as a dependency or a peer),
 * every runtime dependency is actually loaded, and frameworks are peers, never dependencies.
 */

const FRAMEWORKS = ['express', 'fastify', 'next', '@nestjs/common', '@nestjs/core'];

describe.each(publishablePackages().map((pkg) => [pkg.manifest.name, pkg] as const))('%s', (_name, pkg) => {
  const imports = distPackageImports(join(pkg.dir, 'dist'));
  const dependencies = Object.keys(pkg.manifest.dependencies ?? {});
  const peers = Object.keys(pkg.manifest.peerDependencies ?? {});

  it('declares every package its build loads', () => {
    expect(imports.filter((name) => !dependencies.includes(name) && !peers.includes(name))).toEqual([]);
  });

  it('loads every runtime dependency it declares (no dead weight for users)', () => {
    expect(dependencies.filter((name) => !imports.includes(name))).toEqual([]);
  });

  it('has frameworks as peers only', () => {
    expect(dependencies.filter((name) => FRAMEWORKS.includes(name))).toEqual([]);
  });
});
