// Reads what anatomy.mjs's two windows wrote (inspector-windows.cjs) and turns it into counts per
// request: calls and distinct functions from precise coverage, bytes from the sampling heap
// profile, each by package and by function (dd-otel's bundles mapped back to their sources).
import { existsSync, readFileSync } from 'node:fs';
import { localPath, locate, packageOf } from './cpu-profile-summary.mjs';

/** A function called at least this often per request is counted as on every request's path. */
const ON_PATH_CALLS_PER_REQUEST = 0.5;

const lineStarts = new Map();

/** Offsets of each line's first character in the script at `url`, or undefined when it cannot be read. */
function lineStartsOf(url) {
  if (lineStarts.has(url)) return lineStarts.get(url);
  let starts;
  try {
    const path = localPath(url);
    if (path !== undefined && existsSync(path)) {
      const text = readFileSync(path, 'utf8');
      starts = [0];
      for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
    }
  } catch {
    starts = undefined;
  }
  lineStarts.set(url, starts);
  return starts;
}

/** A coverage function as a CPU-profile call frame (what `locate` maps). */
function callFrameOf(url, fn) {
  const offset = fn.ranges[0].startOffset;
  const starts = lineStartsOf(url);
  if (starts === undefined) return { functionName: fn.functionName, url, lineNumber: 0, columnNumber: 0 };
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (starts[mid] <= offset) low = mid;
    else high = mid - 1;
  }
  return { functionName: fn.functionName, url, lineNumber: low, columnNumber: offset - starts[low] };
}

function addTo(map, key, fields) {
  const row = map.get(key) ?? Object.fromEntries(Object.keys(fields).map((k) => [k, 0]));
  for (const [k, v] of Object.entries(fields)) row[k] += v;
  map.set(key, row);
}

/**
 * Calls per request from a precise-coverage result: `{ calls, onPath, packages, functions }`;
 * `onPath` counts the functions called at least `ON_PATH_CALLS_PER_REQUEST` times per request.
 */
export function summarizeCallCounts(path, requests) {
  const scripts = JSON.parse(readFileSync(path, 'utf8'));
  const packages = new Map();
  const functions = new Map();
  let calls = 0;
  let onPath = 0;
  for (const script of scripts) {
    if (!script.url) continue;
    for (const fn of script.functions) {
      const count = fn.ranges[0]?.count ?? 0;
      if (count === 0) continue;
      const perRequest = count / requests;
      const { name, file } = locate(callFrameOf(script.url, fn));
      const path = perRequest >= ON_PATH_CALLS_PER_REQUEST ? 1 : 0;
      calls += perRequest;
      onPath += path;
      addTo(packages, packageOf(file.replace(/:\d+$/, '')), { calls: perRequest, onPath: path });
      addTo(functions, `${name}\u0000${file}`, { calls: perRequest, onPath: path });
    }
  }
  return { calls, onPath, packages, functions };
}

/** Bytes allocated per request from a sampling heap profile: `{ bytes, packages, functions }`. */
export function summarizeAllocations(path, requests) {
  const { head } = JSON.parse(readFileSync(path, 'utf8'));
  const packages = new Map();
  const functions = new Map();
  let bytes = 0;
  const pending = [head];
  while (pending.length > 0) {
    const node = pending.pop();
    pending.push(...node.children);
    if (node.selfSize === 0) continue;
    const perRequest = node.selfSize / requests;
    const { name, file } = locate(node.callFrame);
    bytes += perRequest;
    addTo(packages, packageOf(file.replace(/:\d+$/, '')), { bytes: perRequest });
    addTo(functions, `${name}\u0000${file}`, { bytes: perRequest });
  }
  return { bytes, packages, functions };
}
