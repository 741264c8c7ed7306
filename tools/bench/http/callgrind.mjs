#!/usr/bin/env node
// Instructions per request of the HTTP bench server under valgrind's callgrind, per build. Counts
// are nearly noise-free (no other process on the box changes them), so they settle differences too
// small for CPU time; they are blind to cache misses, branch mispredictions and memory stalls.
// The measured window is bracketed with `callgrind_control -z` (zero) and `-d` (dump). Threads are
// counted apart (`--separate-threads`): V8's background threads (TurboFan, concurrent GC) still
// compile during a short warm-up and their work swings by ±10k a request between runs, while the
// request itself runs on the main thread.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { markdownTable, num } from '../lib/format.mjs';
import { launchStandInAgent } from '../lib/stand-in-agent-client.mjs';
import { SUBJECT_OPTIONS, baselineLabel, parseFlags, shownEnv, shownRoot } from './compare-options.mjs';

const USAGE = `Usage: node tools/bench/http/callgrind.mjs [options]      (needs valgrind; slow: ~50× node)

  --framework NAME        express, fastify or nest (default fastify)
  --subject SPEC          label[:variant]=root[,NAME=VALUE...], repeatable, as in ab.mjs
                          (default: --subject bare=. --subject dd-otel=.)
  --baseline LABEL        subject the others are compared with (default bare, else the first)
  --warmup-requests N     requests before the measured window (default 15000: fewer leave V8
                          still optimizing the request path inside the window)
  --requests N            requests in the measured window (default 4000)
  --connections N         keep-alive connections (default 8)
  --keep                  keep the callgrind files (for callgrind_annotate) and print their folder

Example: node tools/bench/http/callgrind.mjs --subject before=/tmp/ab/before --subject after=.`;

const SPEC = {
  ...SUBJECT_OPTIONS,
  '--warmup-requests': ['warmupRequests', 'int'],
  '--requests': ['requests', 'int'],
  '--connections': ['connections', 'int'],
  '--keep': ['keep', 'flag'],
};
const DEFAULTS = { framework: 'fastify', warmupRequests: 15000, requests: 4000, connections: 8 };
// Lets what the server still does after the last answer happen before the window opens or closes
// (idle waiting itself costs no instructions). Sends are by size (COUNT_BASED_EXPORT).
const SETTLE_MS = 1500;
const READY_TIMEOUT_MS = 5 * 60_000;
/**
 * Tracers send on a timer as well as on size; under valgrind a second of wall time is ~100
 * requests, so how many timed sends (each ~1M instructions) fall into the window depended on how
 * busy the machine was, and moved a subject's count by ±1–3k a request. Timers this long leave
 * only the size-driven sends, the same in every run. A subject's own env still wins.
 */
const COUNT_BASED_EXPORT = { DD_TRACE_FLUSH_INTERVAL: '600000', OTEL_BSP_SCHEDULE_DELAY: '600000' };

function missingTool() {
  for (const tool of ['valgrind', 'callgrind_control']) {
    if (spawnSync(tool, ['--version'], { stdio: 'ignore' }).error) return tool;
  }
  return undefined;
}

/** `count` GET / over `connections` keep-alive sockets; rejects on any non-200 answer. */
async function drive(port, count, connections) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  let left = count;
  const get = () =>
    new Promise((resolve, reject) => {
      http.get({ host: '127.0.0.1', port, path: '/', agent }, (res) => {
        res.resume();
        if (res.statusCode !== 200) reject(new Error(`GET / answered ${res.statusCode}`));
        else res.on('end', resolve);
      }).on('error', reject);
    });
  try {
    await Promise.all(Array.from({ length: connections }, async () => {
      while (left-- > 0) await get();
    }));
  } finally {
    agent.destroy();
  }
}

/** The server's own error in valgrind's stderr: its first error line, else its last line. */
function nodeError(stderr) {
  const lines = stderr.split('\n').filter((l) => l.trim() && !/^==\d+==/.test(l));
  return (lines.find((l) => /^\w*Error\b/.test(l.trim())) ?? lines.at(-1) ?? '(no output)').trim();
}

/** The first IPC message of the server, or a rejection carrying valgrind's last words. */
function ready(child, stderr) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ready message after ${READY_TIMEOUT_MS} ms`)), READY_TIMEOUT_MS);
    child.once('message', (m) => (clearTimeout(timer), m.error ? reject(new Error(m.error.split('\n')[0])) : resolve(m)));
    child.once('exit', (code) => (clearTimeout(timer), reject(new Error(`valgrind exited (${code}): ${nodeError(stderr())}`))));
    child.once('error', (error) => (clearTimeout(timer), reject(error)));
  });
}

/** The instruction total of one callgrind dump file. */
function dumpTotal(file) {
  const text = readFileSync(file, 'utf8');
  const total = /^totals:\s+(\d+)/m.exec(text) ?? /^summary:\s+(\d+)/m.exec(text);
  if (!total) throw new Error(`${file} has no totals line`);
  return Number(total[1]);
}

/**
 * The dump's per-thread files (`<name>.1-01` is the main thread), once all of them are written:
 * callgrind writes them one after another.
 */
async function threadDumps(dir, name) {
  let files = [];
  for (let i = 0; i < 50; i++) {
    const now = readdirSync(dir).filter((f) => f.startsWith(`${name}.1-`)).sort();
    if (now.length > 0 && now.length === files.length) break;
    files = now;
    await sleep(200);
  }
  if (files.length === 0) throw new Error(`callgrind wrote no dump named ${name}.1-*`);
  return files.map((f) => join(dir, f));
}

/**
 * Instructions the server executed over `options.requests` requests, ÷ requests: on its main
 * thread, and on all threads.
 */
async function measure(subject, index, options, sink, dir) {
  const prefix = join(dir, `subject${index}`);
  const child = spawn('valgrind', ['--tool=callgrind', '--separate-threads=yes', `--callgrind-out-file=${prefix}.%p`, process.execPath, subject.server, options.framework, subject.variant], {
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    env: { ...process.env, ...COUNT_BASED_EXPORT, BENCH_AGENT_URL: sink.agentUrl, BENCH_OTLP_URL: sink.otlpUrl, DD_TRACE_AGENT_URL: sink.agentUrl, ...subject.env },
  });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr = (stderr + chunk).slice(-16_000)));
  try {
    const { port } = await ready(child, () => stderr);
    await drive(port, options.warmupRequests, options.connections);
    await sleep(SETTLE_MS);
    execFileSync('callgrind_control', ['-z', String(child.pid)], { stdio: 'pipe' });
    await drive(port, options.requests, options.connections);
    await sleep(SETTLE_MS);
    execFileSync('callgrind_control', ['-d', String(child.pid)], { stdio: 'pipe' });
    const totals = (await threadDumps(dir, `subject${index}.${child.pid}`)).map(dumpTotal);
    const all = totals.reduce((sum, n) => sum + n, 0);
    return { main: totals[0] / options.requests, all: all / options.requests };
  } catch (error) {
    throw new Error(`${subject.label}: ${error.message}`);
  } finally {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL'); // no final dump wanted
      await new Promise((resolve) => child.once('exit', resolve));
    }
  }
}

async function main() {
  const options = parseFlags(process.argv.slice(2), SPEC, DEFAULTS, ['bare=.', 'dd-otel=.']);
  if (options.help) return console.log(USAGE);
  const baseline = baselineLabel(options);
  const missing = missingTool();
  if (missing) throw new Error(`${missing} is not installed (or not on PATH); this tool needs valgrind with callgrind_control (apt-get install valgrind)`);
  const dir = mkdtempSync(join(tmpdir(), 'dd-otel-callgrind-'));
  const sink = await launchStandInAgent();
  const perRequest = {};
  try {
    for (const [index, subject] of options.subjects.entries()) {
      await sink.reset();
      console.error(`${subject.label}: ${options.framework} ${subject.variant} under callgrind (${options.warmupRequests} warm-up + ${options.requests} measured requests)…`);
      perRequest[subject.label] = await measure(subject, index, options, sink, dir);
    }
  } finally {
    await sink.close();
    if (options.keep) console.error(`callgrind files kept in ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
  }
  const base = perRequest[baseline];
  const rows = options.subjects.map((s) => {
    const own = perRequest[s.label];
    const vsBase = s.label === baseline;
    return [
      s.label,
      s.variant,
      shownRoot(s.root),
      shownEnv(s.env),
      num(own.main),
      vsBase ? '–' : num(own.main - base.main),
      vsBase ? '–' : `${num(own.main / base.main, 3)}×`,
      num(own.all),
      vsBase ? '–' : num(own.all - base.all),
    ];
  });
  console.log(`\n${options.framework}: server instructions per request over ${options.requests} keep-alive requests ` +
    `on ${options.connections} connections after ${options.warmupRequests} warm-up requests; the main thread runs ` +
    'the requests, all threads add V8\'s background compilation and GC\n');
  const header = ['subject', 'variant', 'root', 'env', 'main thread/req', `− ${baseline}`, `÷ ${baseline}`, 'all threads/req', `− ${baseline}`];
  console.log(markdownTable(header, rows));
}

main().catch((error) => {
  console.error(error instanceof TypeError ? `${error.message}\n\n${USAGE}` : `callgrind: ${error.message}`);
  process.exitCode = 1;
});
