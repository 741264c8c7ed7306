// Installed footprint: what `npm install` puts on disk for each tracer set-up, peers excluded.
// dd-otel's own packages count with their packed size (`npm pack --dry-run`, unpacked bytes: what
// a user downloads), their runtime dependencies and every peer set-up with the apparent size of
// the installed dependency closure in node_modules.
import { execFileSync } from 'node:child_process';
import { existsSync, lstatSync, readFileSync, readdirSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { findPackageDir, repoRoot } from '../lib/paths.mjs';

/** Peer dependencies the app brings itself: never counted. */
const ALWAYS_EXCLUDED = new Set(['@opentelemetry/api']);

/** Apparent size of the files under `dir`, not descending into nested node_modules. */
function directorySize(dir) {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules') continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) total += directorySize(path);
    else if (entry.isFile()) total += lstatSync(path).size;
  }
  return total;
}

/**
 * The installed closure of `roots` (package dirs): runtime and installed optional dependencies,
 * not peers, minus `exclude` names. Returns Map(realDir → {name, version, bytes}).
 */
export function installedClosure(roots, { exclude = new Set(), includeRoots = true } = {}) {
  const seen = new Map();
  const queue = roots.map((dir) => ({ dir: realpathSync(dir), isRoot: true }));
  while (queue.length > 0) {
    const { dir, isRoot } = queue.shift();
    if (seen.has(dir)) continue;
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    seen.set(dir, { name: pkg.name, version: pkg.version, bytes: includeRoots || !isRoot ? directorySize(dir) : 0 });
    const deps = { ...pkg.dependencies, ...pkg.optionalDependencies };
    for (const name of Object.keys(deps)) {
      if (ALWAYS_EXCLUDED.has(name) || exclude.has(name)) continue;
      const depDir = findPackageDir(name, dir);
      if (depDir) queue.push({ dir: depDir, isRoot: false });
    }
  }
  return seen;
}

function sum(closure) {
  let bytes = 0;
  for (const { bytes: b } of closure.values()) bytes += b;
  return bytes;
}

/** `{ size, unpackedSize, files }` of `npm pack --dry-run --json` in a package folder. */
export function packedSize(packageDir) {
  const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
    cwd: packageDir,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const [info] = JSON.parse(out);
  return { size: info.size, unpackedSize: info.unpackedSize, files: info.entryCount };
}

/** dd-otel packages (folder names under packages/) as a user installs them. */
function ddOtelFootprint(folders) {
  const dirs = folders.map((f) => join(repoRoot, 'packages', f));
  let packed = 0;
  let tarball = 0;
  for (const dir of dirs) {
    const p = packedSize(dir);
    packed += p.unpackedSize;
    tarball += p.size;
  }
  const ownNames = new Set(dirs.map((d) => JSON.parse(readFileSync(join(d, 'package.json'), 'utf8')).name));
  const deps = installedClosure(dirs, { exclude: ownNames, includeRoots: false });
  return { bytes: packed + sum(deps), ownPackedBytes: packed, ownTarballBytes: tarball, dependencyBytes: sum(deps), packages: deps.size };
}

function peerFootprint(names) {
  const from = join(repoRoot, 'tools', 'bench');
  const roots = names.map((name) => {
    const dir = findPackageDir(name, from);
    if (!dir) throw new Error(`${name} is not installed`);
    return dir;
  });
  const closure = installedClosure(roots);
  return { bytes: sum(closure), packages: closure.size };
}

/** Footprint rows: `{ id, label, bytes, packages, note? }`. Frameworks without a built dist are skipped. */
export function measureFootprints() {
  const rows = [];
  const built = (folder) => existsSync(join(repoRoot, 'packages', folder, 'dist'));
  if (built('core')) {
    rows.push({ id: 'dd-otel-core', label: 'dd-otel core', ...ddOtelFootprint(['core']) });
    for (const framework of ['express', 'fastify']) {
      if (built(framework)) {
        rows.push({ id: `dd-otel-core-${framework}`, label: `dd-otel core + ${framework}`, ...ddOtelFootprint(['core', framework]) });
      }
    }
  }
  rows.push({ id: 'dd-trace', label: 'dd-trace@5', ...peerFootprint(['dd-trace']) });
  const sdk = ['@opentelemetry/sdk-trace-node', '@opentelemetry/exporter-trace-otlp-proto'];
  rows.push({ id: 'otel-sdk', label: 'OTel SDK + OTLP/proto', ...peerFootprint(sdk) });
  const instr = ['@opentelemetry/instrumentation', '@opentelemetry/instrumentation-http'];
  rows.push({
    id: 'otel-sdk-express',
    label: 'OTel SDK + OTLP/proto + http + express instrumentations',
    ...peerFootprint([...sdk, ...instr, '@opentelemetry/instrumentation-express']),
  });
  rows.push({ id: 'otel-sdk-fastify', label: 'OTel SDK + OTLP/proto + http instrumentation + @fastify/otel', ...peerFootprint([...sdk, ...instr, '@fastify/otel']) });
  return rows;
}
