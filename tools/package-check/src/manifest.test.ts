import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT, libraryPackages, readManifest } from './workspace.js';

/**
 * What every library in packages/* needs before `npm publish`: a typed ESM + CJS `exports` map,
 * the publishing fields, the same Node range as the repository, the API as a peer, and the
 * documents users read (README with install and usage, CHANGELOG).
 */

const ROOT_ENGINES = readManifest(REPO_ROOT).engines?.node;

type Conditions = Record<string, unknown>;

/** The `import`/`require` branches of an export, each `{ types, default }`. */
function branch(entry: unknown, condition: 'import' | 'require'): Conditions | undefined {
  const value = (entry as Conditions | undefined)?.[condition];
  return typeof value === 'object' && value !== null ? (value as Conditions) : undefined;
}

describe.each(libraryPackages().map((pkg) => [pkg.manifest.name, pkg] as const))('%s', (name, pkg) => {
  const manifest = pkg.manifest;

  it('exports "." with types for both ESM (.d.ts) and CJS (.d.cts), plus ./package.json', () => {
    const root = manifest.exports?.['.'];
    expect(branch(root, 'import')).toMatchObject({ types: expect.stringMatching(/\.d\.ts$/), default: expect.stringMatching(/\.js$/) });
    expect(branch(root, 'require')).toMatchObject({ types: expect.stringMatching(/\.d\.cts$/), default: expect.stringMatching(/\.cjs$/) });
    expect(manifest.exports?.['./package.json']).toBe('./package.json');
    // Old resolvers (node10 TypeScript, older bundlers) read these instead of `exports`.
    expect(manifest.main).toBe(branch(root, 'require')!.default);
    expect(manifest.types).toBe(branch(root, 'import')!.types);
  });

  it('has the publishing fields: files, sideEffects, engines, type, license, publishConfig, keywords', () => {
    expect(manifest.files).toEqual(expect.arrayContaining(['dist', 'README.md', 'CHANGELOG.md']));
    expect(manifest.files?.some((entry) => entry.startsWith('src'))).toBe(false);
    expect(manifest.sideEffects === false || Array.isArray(manifest.sideEffects)).toBe(true);
    expect(manifest.engines?.node).toBe(ROOT_ENGINES);
    expect(manifest.type).toBe('module');
    expect(manifest.license).toBeTruthy();
    // Scoped packages are private on npm unless published with public access.
    expect(manifest.publishConfig).toMatchObject({ access: 'public' });
    expect(manifest.keywords).toEqual(expect.arrayContaining(['opentelemetry', 'datadog']));
  });

  it('names its own folder when it declares a repository', () => {
    if (manifest.repository === undefined) return;
    expect(manifest.repository).toMatchObject({ type: 'git', directory: pkg.relativeDir });
  });

  it('has @opentelemetry/api as a peer dependency', () => {
    expect(manifest.peerDependencies?.['@opentelemetry/api']).toMatch(/\d/);
  });

  it('has a README with the install command, a code example and its options', () => {
    const readmePath = join(pkg.dir, 'README.md');
    expect(existsSync(readmePath), `${name} README.md`).toBe(true);
    const readme = readFileSync(readmePath, 'utf8');
    expect(readme, 'the install command').toContain(`npm install ${name}`);
    expect(readme, 'a TypeScript or JavaScript example').toMatch(/```(ts|js|typescript|javascript)\n/);
    expect(readme, 'an options section or table').toMatch(/^#+ .*options|^\|\s*options?\s*\|/im);
  });

  it('has a CHANGELOG whose newest entry is the version in package.json (changesets keeps them in step)', () => {
    const path = join(pkg.dir, 'CHANGELOG.md');
    if (!existsSync(path)) throw new Error(`${name} has no CHANGELOG.md`);
    const changelog = readFileSync(path, 'utf8');
    expect(changelog.startsWith(`# ${name}\n`)).toBe(true);
    expect(/^## (\S+)$/m.exec(changelog)?.[1]).toBe(manifest.version);
  });
});
