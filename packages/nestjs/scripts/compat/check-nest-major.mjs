#!/usr/bin/env node
/**
 * Checks the built package against one Nest major, outside the workspace:
 * `node scripts/compat/check-nest-major.mjs 10` (or 11, 12). Installs that major (both adapters)
 * from the npm registry into a temporary folder, copies this package's, core's and the dev
 * agent's builds there (run `npx tsup` in each first), and runs the scenario as an ESM app and
 * as a CJS app. Not part of `npm test` (it downloads packages).
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const major = process.argv[2];
if (!/^\d+$/.test(major ?? '')) {
  console.error('usage: check-nest-major.mjs <major>');
  process.exit(2);
}
const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..', '..', '..');
const workDir = mkdtempSync(join(tmpdir(), `nest${major}-`));
const local = {
  '@dd-otel/nestjs': join(root, 'packages/nestjs'),
  '@dd-otel/core': join(root, 'packages/core'),
  '@dd-otel/dev-agent': join(root, 'tools/dev-agent'),
};
const thirdParty = new Set();
for (const dir of Object.values(local)) {
  const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  for (const [name, range] of Object.entries(manifest.dependencies ?? {})) if (!(name in local)) thirdParty.add(`${name}@${range}`);
}
writeFileSync(join(workDir, 'package.json'), JSON.stringify({ name: `nest${major}-check`, private: true }));
const install = [
  `@nestjs/common@${major}`,
  `@nestjs/core@${major}`,
  `@nestjs/platform-express@${major}`,
  `@nestjs/platform-fastify@${major}`,
  'rxjs@7',
  'reflect-metadata@0.2',
  '@opentelemetry/api@~1.9.0',
  ...thirdParty,
];
console.log(`installing Nest ${major} in ${workDir}`);
execFileSync('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', ...install], { cwd: workDir, stdio: 'inherit' });
for (const [name, dir] of Object.entries(local)) {
  const target = join(workDir, 'node_modules', name);
  cpSync(join(dir, 'package.json'), join(target, 'package.json'));
  cpSync(join(dir, 'dist'), join(target, 'dist'), { recursive: true });
}
for (const file of ['scenario.cjs', 'run-esm.mjs', 'run-cjs.cjs']) cpSync(join(here, file), join(workDir, file));
const versions = execFileSync('npm', ['ls', '@nestjs/core', '@nestjs/platform-express', '@nestjs/platform-fastify', 'express', 'fastify'], { cwd: workDir, encoding: 'utf8' });
console.log(versions);
let failed = false;
for (const runner of ['run-esm.mjs', 'run-cjs.cjs']) {
  try {
    execFileSync(process.execPath, [runner], { cwd: workDir, stdio: 'inherit' });
  } catch {
    failed = true;
  }
}
if (!failed) rmSync(workDir, { recursive: true, force: true });
console.log(failed ? `Nest ${major}: FAILED (kept ${workDir})` : `Nest ${major}: OK`);
process.exitCode = failed ? 1 : 0;
