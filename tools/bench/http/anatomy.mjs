#!/usr/bin/env node
// What one request costs, counted instead of timed: for each subject's hello-world server, the
// function calls per request and the distinct functions on every request's path (V8 precise
// coverage), and the bytes allocated per request (V8's sampling heap profiler), by package and by
// function, with the difference to the baseline. The counts do not depend on how busy the machine
// is, so they tell whether a change removed work even when paired timings (ab.mjs) cannot; code
// breadth and allocation are what dd-otel's request microseconds follow (README, "Where
// dd-otel's Fastify microseconds go"). Bytes are sampled estimates (±2 %); calls are exact.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { markdownTable, num } from '../lib/format.mjs';
import { canPin, runChild, startChild } from '../lib/processes.mjs';
import { summarizeAllocations, summarizeCallCounts } from '../lib/request-anatomy-summary.mjs';
import { launchStandInAgent } from '../lib/stand-in-agent-client.mjs';
import { SUBJECT_OPTIONS, baselineLabel, parseFlags, shownEnv, shownRoot } from './compare-options.mjs';

const USAGE = `usage: node tools/bench/http/anatomy.mjs [options]
  --framework NAME     express, fastify or nest (default fastify)
  --subject SPEC       label[:variant]=root[,NAME=VALUE...], repeatable; root relative to the repo
                       (default: --subject bare=. --subject dd-otel=.)
  --baseline LABEL     subject the others are compared with (default bare, else the first)
  --seconds S          load per window (default 3); --warmup S before the first (default 3)
  --top N              functions listed per table (default 25)

Example: node tools/bench/http/anatomy.mjs --subject bare=. --subject before=/tmp/ab/before --subject after=.`;

const SPEC = {
  ...SUBJECT_OPTIONS,
  '--seconds': ['seconds', 'duration'],
  '--warmup': ['warmup', 'seconds'],
  '--top': ['top', 'int'],
};
const DEFAULTS = { framework: 'fastify', seconds: 3, warmup: 3, top: 25 };
const LOAD = fileURLToPath(new URL('./load.mjs', import.meta.url));
const CONNECTIONS = '20';
const pinned = canPin(2);
const workDir = mkdtempSync(join(tmpdir(), 'dd-otel-anatomy-'));

/** Load for `seconds` inside one inspector window of the server; returns the requests it served. */
async function window(server, url, kind, seconds, file) {
  const before = await server.request({ type: 'usage' });
  await server.request({ type: 'window-start', kind });
  await runChild({ script: LOAD, args: [url, CONNECTIONS, String(seconds)], cpu: pinned ? 0 : undefined });
  await server.request({ type: 'window-stop', file });
  const after = await server.request({ type: 'usage' });
  const requests = after.requests - before.requests;
  if (requests <= 0) throw new Error(`the server served no request in the ${kind} window`);
  return requests;
}

async function measure(subject, options, sink) {
  const server = startChild({
    script: subject.server,
    args: [options.framework, subject.variant],
    cpu: pinned ? 1 : undefined,
    env: { BENCH_AGENT_URL: sink.agentUrl, BENCH_OTLP_URL: sink.otlpUrl, DD_TRACE_AGENT_URL: sink.agentUrl, ...subject.env },
  });
  try {
    const ready = await server.next('ready');
    if (ready.error) throw new Error(`${subject.label} server: ${ready.error.split('\n')[0]}`);
    const url = `http://127.0.0.1:${ready.port}/`;
    if (options.warmup > 0) await runChild({ script: LOAD, args: [url, CONNECTIONS, String(options.warmup)], cpu: pinned ? 0 : undefined });
    const callsFile = join(workDir, `${subject.label}.calls.json`);
    const callRequests = await window(server, url, 'calls', options.seconds, callsFile);
    const bytesFile = join(workDir, `${subject.label}.allocations.json`);
    const byteRequests = await window(server, url, 'allocations', options.seconds, bytesFile);
    return { calls: summarizeCallCounts(callsFile, callRequests), allocations: summarizeAllocations(bytesFile, byteRequests), callRequests, byteRequests };
  } finally {
    server.child.disconnect?.();
    await server.stop();
  }
}

const signed = (value, digits) => (value >= 0 ? '+' : '') + num(value, digits);

function summaryTable(options, baseline, results) {
  const base = results[baseline];
  const rows = options.subjects.map((s) => {
    const r = results[s.label];
    const diff = (value, key, digits) => (s.label === baseline ? num(value, digits) : `${num(value, digits)} (${signed(value - key(base), digits)})`);
    return [
      s.label,
      s.variant,
      shownRoot(s.root),
      shownEnv(s.env),
      diff(r.calls.calls, (b) => b.calls.calls, 1),
      diff(r.calls.onPath, (b) => b.calls.onPath, 0),
      diff(r.allocations.bytes, (b) => b.allocations.bytes, 0),
      `${num(r.callRequests)} / ${num(r.byteRequests)}`,
    ];
  });
  const header = ['subject', 'variant', 'root', 'env', `calls/req (− ${baseline})`, `functions on path (− ${baseline})`, `bytes/req (− ${baseline})`, 'requests counted'];
  return markdownTable(header, rows);
}

/** Rows of `map` (key → fields) minus the baseline's, largest difference of `field` first. */
function differenceRows(map, baseMap, field, top) {
  const keys = new Set([...map.keys(), ...baseMap.keys()]);
  return [...keys]
    .map((key) => ({ key, value: map.get(key)?.[field] ?? 0, base: baseMap.get(key)?.[field] ?? 0 }))
    .map((row) => ({ ...row, diff: row.value - row.base }))
    .filter((row) => Math.abs(row.diff) >= 0.05)
    .sort((a, b) => Math.abs(b.diff) - Math.abs(a.diff))
    .slice(0, top);
}

function subjectTables(subject, result, base, top) {
  const lines = [`### ${subject.label}\n`];
  const packageRows = differenceRows(result.allocations.packages, base.allocations.packages, 'bytes', top).map((row) => {
    const calls = result.calls.packages.get(row.key);
    const baseCalls = base.calls.packages.get(row.key);
    return [row.key, signed(row.diff, 0), signed((calls?.calls ?? 0) - (baseCalls?.calls ?? 0), 1), signed((calls?.onPath ?? 0) - (baseCalls?.onPath ?? 0), 0)];
  });
  lines.push(markdownTable(['package', 'bytes/req', 'calls/req', 'functions on path'], packageRows), '');
  const split = (key) => key.split('\u0000');
  const byteRows = differenceRows(result.allocations.functions, base.allocations.functions, 'bytes', top).map((row) => [...split(row.key), signed(row.diff, 0)]);
  lines.push(`Allocating functions, difference in bytes/req:\n`, markdownTable(['function', 'file', 'bytes/req'], byteRows), '');
  const callRows = differenceRows(result.calls.functions, base.calls.functions, 'calls', top).map((row) => [...split(row.key), signed(row.diff, 2)]);
  lines.push(`Called functions, difference in calls/req:\n`, markdownTable(['function', 'file', 'calls/req'], callRows), '');
  return lines.join('\n');
}

async function main() {
  const options = parseFlags(process.argv.slice(2), SPEC, DEFAULTS, ['bare=.', 'dd-otel=.']);
  if (options.help) return console.log(USAGE);
  const baseline = baselineLabel(options);
  const sink = await launchStandInAgent({ cpu: pinned ? 0 : undefined });
  const results = {};
  try {
    for (const subject of options.subjects) {
      await sink.reset();
      results[subject.label] = await measure(subject, options, sink);
      console.error(`measured ${subject.label}`);
    }
  } finally {
    await sink.close();
  }
  console.log(`\n${options.framework}: ${options.seconds} s of load per window after ${options.warmup} s warm-up, ${CONNECTIONS} connections; raw windows in ${workDir}\n`);
  console.log(summaryTable(options, baseline, results));
  for (const subject of options.subjects) {
    if (subject.label !== baseline) console.log(`\n${subjectTables(subject, results[subject.label], results[baseline], options.top)}`);
  }
}

main().catch((error) => {
  console.error(error instanceof TypeError ? `${error.message}\n\n${USAGE}` : `anatomy: ${error.message ?? error}`);
  process.exitCode = 1;
});
