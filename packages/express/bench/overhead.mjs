#!/usr/bin/env node
/**
 * Server CPU time per request of a hello-world Express 5 app, bare and with datadogMiddleware(),
 * measured side by side: variants alternate within each round and ratios are taken per round.
 *
 *   npm run build && node packages/express/bench/overhead.mjs [--rounds 3] [--seconds 10] [--warmup 3]
 *     [--connections 50] [--plumbing] [--context]
 *
 * The server runs alone on CPU 1 (taskset, when available); autocannon and a stand-in Agent that
 * only counts payloads share CPU 0. CPU µs/request = server user+system CPU during the measured
 * window ÷ requests served, which stays valid even when the load generator is the bottleneck.
 */
import { fork, spawn } from 'node:child_process';
import { createServer } from 'node:http';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';

const here = dirname(fileURLToPath(import.meta.url));
const argument = (name, fallback) => {
  const at = process.argv.indexOf(`--${name}`);
  return at === -1 ? fallback : Number(process.argv[at + 1]);
};
const ROUNDS = argument('rounds', 3);
const SECONDS = argument('seconds', 10);
const WARMUP_SECONDS = argument('warmup', 3);
const CONNECTIONS = argument('connections', 50);
// --plumbing: also the middleware with tracing disabled; --context: also only a context manager
// and one context per request (the share any OTel tracer pays for async context propagation).
const VARIANTS = [
  'bare',
  'traced',
  ...(process.argv.includes('--plumbing') ? ['plumbing'] : []),
  ...(process.argv.includes('--context') ? ['context'] : []),
];
const canPin = existsSync('/usr/bin/taskset') || existsSync('/bin/taskset');

/** Stand-in Agent: answers like the real one and counts the traces it was sent. */
async function startSink() {
  let traces = 0;
  const sink = createServer((req, res) => {
    traces += Number(req.headers['x-datadog-trace-count'] ?? 0);
    req.resume();
    req.on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end('{"rate_by_service":{}}'));
  });
  await new Promise((resolve) => sink.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${sink.address().port}`, traces: () => traces, close: () => sink.close() };
}

function startServer(variant, agentUrl) {
  const script = join(here, 'hello-server.mjs');
  const env = { ...process.env, VARIANT: variant, DD_TRACE_AGENT_URL: agentUrl };
  const child = canPin
    ? spawn('taskset', ['-c', '1', process.execPath, script], { env, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] })
    : fork(script, { env });
  const ask = (message, key) =>
    new Promise((resolve) => {
      const onMessage = (reply) => {
        if (reply[key] === undefined) return;
        child.off('message', onMessage);
        resolve(reply[key]);
      };
      child.on('message', onMessage);
      if (message) child.send(message);
    });
  return {
    port: ask(undefined, 'port'),
    cpu: () => ask('cpu', 'cpu'),
    stop: () => new Promise((resolve) => (child.once('exit', resolve), child.send('stop'))),
  };
}

function load(port, seconds) {
  return autocannon({ url: `http://127.0.0.1:${port}/`, connections: CONNECTIONS, duration: seconds });
}

async function measure(variant, sink) {
  const tracesBefore = sink.traces();
  const server = startServer(variant, sink.url);
  const port = await server.port;
  const warmup = await load(port, WARMUP_SECONDS);
  const before = await server.cpu();
  const result = await load(port, SECONDS);
  const after = await server.cpu();
  // Stopping flushes, so every trace of this server has reached the sink afterwards.
  await server.stop();
  const requests = result.requests.total;
  const cpuMicros = after.user - before.user + (after.system - before.system);
  return {
    variant,
    requestsPerSecond: result.requests.average,
    p99Ms: result.latency.p99,
    cpuMicrosPerRequest: cpuMicros / requests,
    tracesPerRequest: (sink.traces() - tracesBefore) / (warmup.requests.total + requests),
    errors: result.errors + result.non2xx,
  };
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const sink = await startSink();
const rounds = [];
for (let round = 0; round < ROUNDS; round++) {
  // Rotate the order each round so drift on a shared machine does not favour one variant.
  const order = VARIANTS.map((_, index) => VARIANTS[(index + round) % VARIANTS.length]);
  const results = {};
  for (const variant of order) results[variant] = await measure(variant, sink);
  rounds.push(results);
  const line = VARIANTS.map((variant) => {
    const { cpuMicrosPerRequest, requestsPerSecond } = results[variant];
    return `${variant} ${cpuMicrosPerRequest.toFixed(1)} µs/req (${requestsPerSecond.toFixed(0)} req/s)`;
  });
  console.log(`round ${round + 1}: ${line.join(', ')}, traced/bare ${(results.traced.cpuMicrosPerRequest / results.bare.cpuMicrosPerRequest).toFixed(3)}`);
}
sink.close();

const pick = (variant, key) => median(rounds.map((round) => round[variant][key]));
console.log(`\nnode ${process.version}, ${ROUNDS} rounds × ${SECONDS}s, ${CONNECTIONS} connections, server pinned: ${canPin}`);
console.log('| variant | req/s | p99 ms | server CPU µs/req | traces/req | errors |');
console.log('|---|---|---|---|---|---|');
for (const variant of VARIANTS) {
  console.log(
    `| ${variant} | ${pick(variant, 'requestsPerSecond').toFixed(0)} | ${pick(variant, 'p99Ms')} | ` +
      `${pick(variant, 'cpuMicrosPerRequest').toFixed(1)} | ${pick(variant, 'tracesPerRequest').toFixed(3)} | ${pick(variant, 'errors')} |`,
  );
}
for (const variant of VARIANTS.slice(1)) {
  const added = rounds.map((round) => round[variant].cpuMicrosPerRequest - round.bare.cpuMicrosPerRequest);
  const ratios = rounds.map((round) => round[variant].cpuMicrosPerRequest / round.bare.cpuMicrosPerRequest);
  console.log(
    `${variant}: +${median(added).toFixed(1)} µs CPU/request (median of rounds), ratio to bare ${median(ratios).toFixed(3)} ` +
      `(${Math.min(...ratios).toFixed(3)}–${Math.max(...ratios).toFixed(3)})`,
  );
}
