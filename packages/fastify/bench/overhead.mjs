#!/usr/bin/env node
/**
 * Server CPU time per request of a hello-world Fastify app, without and with @dd-otel/fastify,
 * side by side in one run. Load comes from a separate process (autocannon, keep-alive); the
 * server's `process.cpuUsage()` delta over the measured window ÷ requests served = CPU µs/req.
 * Spans go to a stand-in Agent in this process that only counts them. When `taskset` exists, the
 * server gets CPU 1 and the load generator + stand-in agent CPU 0.
 *
 *   npm run build -w @dd-otel/core -w @dd-otel/fastify   # the plugin variants use the built packages
 *   node packages/fastify/bench/overhead.mjs
 *   VARIANTS=bare,context,plugin-disabled,plugin ROUNDS=5 node packages/fastify/bench/overhead.mjs
 *
 * Environment: ROUNDS (3), DURATION seconds measured (8), WARMUP seconds (3), CONNECTIONS (50),
 * VARIANTS (`bare,plugin`; also `plugin-disabled`: the plugin with tracing turned off,
 * `context`: only an OTel context manager and a context per request, and `als`: only the context
 * manager, enabled, with no context per request; see hello-server.mjs).
 */
import { execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:http';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const ROUNDS = Number(process.env.ROUNDS ?? 3);
const DURATION = Number(process.env.DURATION ?? 8);
const WARMUP = Number(process.env.WARMUP ?? 3);
const CONNECTIONS = Number(process.env.CONNECTIONS ?? 50);
const VARIANTS = (process.env.VARIANTS ?? 'bare,plugin').split(',');

/** Pins this process (and so the stand-in agent) to CPU 0; false when `taskset` is not there. */
function pinSelfToCpu0() {
  try {
    execFileSync('taskset', ['-p', '-c', '0', String(process.pid)], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
const pinned = pinSelfToCpu0();
const onCpu = (cpu, command) => (pinned ? ['taskset', ['-c', String(cpu), ...command]] : [command[0], command.slice(1)]);

/** Stand-in Agent: accepts trace payloads, counts traces, answers like the Agent. */
let tracesReceived = 0;
const sink = createServer((req, res) => {
  tracesReceived += Number(req.headers['x-datadog-trace-count'] ?? 0);
  req.resume();
  req.on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end('{"rate_by_service":{}}'));
});
sink.listen(0, '127.0.0.1');
await once(sink, 'listening');
const sinkUrl = `http://127.0.0.1:${sink.address().port}`;

async function startServer(variant) {
  const [command, args] = onCpu(1, [process.execPath, join(here, 'hello-server.mjs'), variant]);
  const child = spawn(command, args, { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], env: { ...process.env, SINK_URL: sinkUrl } });
  const started = await Promise.race([once(child, 'message'), once(child, 'exit').then(([code]) => ({ code }))]);
  if (started.code !== undefined) throw new Error(`the ${variant} server exited with ${started.code} before listening`);
  const [{ port }] = started;
  const cpu = async () => {
    child.send('cpu');
    const [answer] = await once(child, 'message');
    return answer.cpu.user + answer.cpu.system;
  };
  const stop = async () => {
    child.send('exit');
    await once(child, 'exit');
  };
  return { url: `http://127.0.0.1:${port}/`, cpu, stop };
}

async function load(url, seconds) {
  const [command, args] = onCpu(0, [process.execPath, join(here, 'load.mjs'), url, String(seconds), String(CONNECTIONS)]);
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (chunk) => (out += chunk));
  const [code] = await once(child, 'exit');
  if (code !== 0) throw new Error(`load generator exited with ${code}`);
  return JSON.parse(out.trim().split('\n').pop());
}

async function measure(variant) {
  const server = await startServer(variant);
  try {
    const tracesBefore = tracesReceived;
    const warmUp = await load(server.url, WARMUP);
    const before = await server.cpu();
    const result = await load(server.url, DURATION);
    const after = await server.cpu();
    if (result.non2xx > 0 || result.errors > 0) throw new Error(`${variant}: ${result.non2xx} non-2xx, ${result.errors} errors`);
    await server.stop();
    return {
      variant,
      requests: result.requests,
      perSecond: result.perSecond,
      p99: result.p99,
      cpuPerRequest: (after - before) / result.requests,
      // Warm-up included: the server flushed every span before it exited.
      tracesPerRequest: (tracesReceived - tracesBefore) / (warmUp.requests + result.requests),
    };
  } catch (error) {
    await server.stop().catch(() => undefined);
    throw error;
  }
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};
const range = (values, digits = 1) => `${median(values).toFixed(digits)} (${Math.min(...values).toFixed(digits)}–${Math.max(...values).toFixed(digits)})`;

console.error(`node ${process.version}, ${ROUNDS} rounds × ${VARIANTS.join(' / ')}, ${DURATION} s measured after ${WARMUP} s warm-up, ${CONNECTIONS} connections, pinned: ${pinned}`);
const rows = Object.fromEntries(VARIANTS.map((variant) => [variant, []]));
const added = Object.fromEntries(VARIANTS.filter((variant) => variant !== 'bare').map((variant) => [variant, []]));
for (let round = 0; round < ROUNDS; round++) {
  // Rotate the order each round so no variant always runs first.
  const order = VARIANTS.map((_, index) => VARIANTS[(index + round) % VARIANTS.length]);
  const results = {};
  for (const variant of order) {
    results[variant] = await measure(variant);
    rows[variant].push(results[variant]);
    console.error(`round ${round + 1} ${variant}: ${results[variant].cpuPerRequest.toFixed(2)} µs CPU/req, ${Math.round(results[variant].perSecond)} req/s`);
  }
  for (const variant of Object.keys(added)) added[variant].push(results[variant].cpuPerRequest - results.bare.cpuPerRequest);
}
sink.close();

console.log('\n| variant | req/s median (min–max) | p99 ms | server CPU µs/req median (min–max) | added CPU µs/req vs bare, same round | spans/req |');
console.log('|---|---|---|---|---|---|');
for (const variant of VARIANTS) {
  const runs = rows[variant];
  const delta = added[variant] ? range(added[variant], 2) : '–';
  console.log(
    `| fastify ${variant} | ${range(runs.map((r) => r.perSecond), 0)} | ${median(runs.map((r) => r.p99))} | ${range(runs.map((r) => r.cpuPerRequest), 2)} | ${delta} | ${median(runs.map((r) => r.tracesPerRequest)).toFixed(2)} |`,
  );
}
if (added.plugin) console.log(`\nCPU added by @dd-otel/fastify per request: **${range(added.plugin, 2)} µs** (median of per-round differences; target ≤ 10 µs)`);
