import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { distContains, distPackageImports } from './dist-imports.js';
import { publishablePackages, workspacePackages } from './workspace.js';

/**
 * `@opentelemetry/api` must exist once per process: two copies mean a silent no-op tracer or
 * "duplicate registration" errors. So it is only ever a peer dependency of our packages (as in
 * OpenTelemetry's own `peer-api-check`), and no build bundles a copy of it.
 */

const API = '@opentelemetry/api';
/** Text that exists only inside the API's own implementation (its global registry). */
const API_IMPLEMENTATION_MARKER = 'Attempted duplicate registration of API';

// Applications are where the single copy comes from, so they may depend on it directly.
const nonApplications = workspacePackages().filter((pkg) => !pkg.relativeDir.startsWith('apps/'));

describe.each(nonApplications.map((pkg) => [pkg.manifest.name, pkg] as const))('%s', (_name, pkg) => {
  it(`does not list ${API} as a regular, optional or bundled dependency`, () => {
    const manifest = pkg.manifest as typeof pkg.manifest & { bundleDependencies?: string[]; bundledDependencies?: string[] };
    expect(Object.keys(manifest.dependencies ?? {})).not.toContain(API);
    expect(Object.keys(manifest.optionalDependencies ?? {})).not.toContain(API);
    expect([...(manifest.bundleDependencies ?? []), ...(manifest.bundledDependencies ?? [])]).not.toContain(API);
  });
});

describe.each(publishablePackages().map((pkg) => [pkg.manifest.name, pkg] as const))('%s build', (_name, pkg) => {
  const dist = join(pkg.dir, 'dist');

  it(`declares ${API} as a required peer when its build imports it`, () => {
    if (!distPackageImports(dist).includes(API)) return;
    expect(pkg.manifest.peerDependencies?.[API], 'peerDependencies').toBeDefined();
    expect(pkg.manifest.peerDependenciesMeta?.[API]?.optional ?? false).toBe(false);
  });

  it(`does not bundle a copy of ${API}`, () => {
    expect(distContains(dist, API_IMPLEMENTATION_MARKER)).toEqual([]);
  });
});
