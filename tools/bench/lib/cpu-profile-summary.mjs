// Reads a V8 .cpuprofile and lists where the time went: self time per function (with its file,
// mapped through the file's source map when there is one) and per source file.
import { existsSync, readFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { relative } from 'node:path';
import { repoRoot } from './paths.mjs';

const sourceMaps = new Map();

/** The file a profile's script URL names (a file URL or an absolute path), else undefined. */
export function localPath(url) {
  const path = url.startsWith('file://') ? fileURLToPath(url) : url;
  return path.startsWith('/') ? path : undefined;
}

function sourceMapFor(url) {
  if (sourceMaps.has(url)) return sourceMaps.get(url);
  let map;
  try {
    const path = localPath(url);
    if (path !== undefined && existsSync(`${path}.map`)) map = new SourceMap(JSON.parse(readFileSync(`${path}.map`, 'utf8')));
  } catch {
    map = undefined;
  }
  sourceMaps.set(url, map);
  return map;
}

function shortPath(path) {
  const clean = path.replace(/^file:\/\//, '').replace(/^webpack:\/\//, '');
  if (clean.startsWith(repoRoot)) return relative(repoRoot, clean);
  if (clean.includes('node_modules/')) return clean.replace(/.*node_modules\//, 'node_modules/');
  // Another tree of the repo (a subject of http/ab.mjs or anatomy.mjs made by make-tree.sh):
  // named as in this one, so the same function lines up across subjects.
  const tree = /^\/.*?\/((?:packages|tools)\/.*)$/.exec(clean);
  return tree ? tree[1] : clean;
}

/** Where a call frame's code came from: `{ name, file }`, mapped to the TypeScript source when possible. */
export function locate(callFrame) {
  const name = callFrame.functionName || '(anonymous)';
  if (!callFrame.url) return { name, file: name.startsWith('(') ? '' : '(native)' };
  const map = sourceMapFor(callFrame.url);
  const entry = map?.findEntry(callFrame.lineNumber, callFrame.columnNumber);
  if (entry?.originalSource) {
    // Sources in a map are relative to the generated file (e.g. ../src/encode/encoder-v04.ts).
    let source = entry.originalSource;
    try {
      // Heap profiles name CommonJS files by path, CPU profiles and coverage by file URL.
      const base = callFrame.url.startsWith('/') ? pathToFileURL(callFrame.url).href : callFrame.url;
      source = new URL(source, base).href;
    } catch {
      // keep it as written in the map
    }
    return { name, file: `${shortPath(source)}:${entry.originalLine + 1}` };
  }
  return { name, file: `${shortPath(callFrame.url)}:${callFrame.lineNumber + 1}` };
}

/** Which package (or runtime part) a file belongs to, for the coarsest view. */
export function packageOf(file) {
  if (file.startsWith('packages/') || file.startsWith('tools/')) return file.split('/').slice(0, 2).join('/');
  const nm = /^node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(file);
  if (nm) return nm[1];
  if (file.startsWith('node:')) return 'node (runtime JS)';
  return file || '(other)';
}

/**
 * `{ totalMs, idleMs, functions, files, packages }`: rows `{name?, file?, package?, selfMs, share}`
 * where share is of the non-idle time (idle = the thread waited for work).
 */
export function summarizeCpuProfile(path, top = 25) {
  const profile = JSON.parse(readFileSync(path, 'utf8'));
  const selfSamples = new Map();
  for (const id of profile.samples) selfSamples.set(id, (selfSamples.get(id) ?? 0) + 1);
  const intervalMs = (profile.endTime - profile.startTime) / 1000 / Math.max(1, profile.samples.length);
  const byFunction = new Map();
  const byFile = new Map();
  const byPackage = new Map();
  let total = 0;
  let idle = 0;
  for (const node of profile.nodes) {
    const samples = selfSamples.get(node.id) ?? 0;
    if (samples === 0) continue;
    if (node.callFrame.functionName === '(idle)') {
      idle += samples;
      continue;
    }
    total += samples;
    const { name, file } = locate(node.callFrame);
    const key = `${name}\u0000${file}`;
    byFunction.set(key, (byFunction.get(key) ?? 0) + samples);
    const fileKey = file.replace(/:\d+$/, '') || name;
    byFile.set(fileKey, (byFile.get(fileKey) ?? 0) + samples);
    const packageKey = packageOf(fileKey);
    byPackage.set(packageKey, (byPackage.get(packageKey) ?? 0) + samples);
  }
  const rows = (map, build) =>
    [...map.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([key, samples]) => ({ ...build(key), selfMs: samples * intervalMs, share: samples / total }));
  return {
    totalMs: total * intervalMs,
    idleMs: idle * intervalMs,
    packages: rows(byPackage, (key) => ({ package: key })),
    functions: rows(byFunction, (key) => {
      const [name, file] = key.split('\u0000');
      return { name, file };
    }),
    files: rows(byFile, (file) => ({ file })),
  };
}
