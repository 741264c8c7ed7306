#!/usr/bin/env node
/**
 * In-process CPU per request of the shared request path (no HTTP, no framework), per stage:
 * Node IncomingMessage/ServerResponse objects with autocannon's headers go through core's
 * startServerSpan → state.run → 'close' → export. Less noisy than the HTTP benches; tells
 * where the plugin's microseconds go. Uses the built @dd-otel/core.
 *   node packages/fastify/bench/request-path.mjs [iterations=200000] [rounds=5]
 * Environment: STAGES (`extract,spanOnly,fullPath`), TRACING=off (provider disabled), USER_AGENT.
 */
import { spawn } from 'node:child_process';
import { IncomingMessage, ServerResponse } from 'node:http';
import { Socket } from 'node:net';
import { once } from 'node:events';
import { ROOT_CONTEXT, SpanKind, propagation } from '@opentelemetry/api';
import { createHttpServerTracing, init, startServerSpan } from '@dd-otel/core';

const ITERATIONS = Number(process.argv[2] ?? 200_000);
const ROUNDS = Number(process.argv[3] ?? 5);
const USER_AGENT = process.env.USER_AGENT;

// The stand-in agent runs in its own process: only this process's CPU is measured.
const sink = spawn(
  process.execPath,
  [
    '-e',
    `require('node:http').createServer((req, res) => { req.resume(); req.on('end', () => res.end('{"rate_by_service":{}}')); })
       .listen(0, '127.0.0.1', function () { process.send(this.address().port); });`,
  ],
  { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] },
);
const [sinkPort] = await once(sink, 'message');
const provider = init({
  url: `http://127.0.0.1:${sinkPort}`,
  service: 'bench',
  enabled: process.env.TRACING !== 'off',
  logLevel: 'error',
});
const tracing = createHttpServerTracing({ framework: 'fastify', packageName: '@dd-otel/fastify', options: {} });
const tracer = tracing.settings().tracer;

const socket = new Socket();
Object.defineProperties(socket, {
  remoteAddress: { value: '127.0.0.1' },
  remotePort: { value: 51234 },
  localAddress: { value: '127.0.0.1' },
  localPort: { value: 3000 },
});
function makeRequest() {
  const req = new IncomingMessage(socket);
  req.method = 'GET';
  req.url = '/';
  req.httpVersion = '1.1';
  // What autocannon sends (it has no User-Agent); USER_AGENT=<text> adds one.
  req.headers = USER_AGENT === undefined ? { host: 'localhost:3000', connection: 'keep-alive' } : { host: 'localhost:3000', connection: 'keep-alive', 'user-agent': USER_AGENT };
  const res = new ServerResponse(req);
  res.statusCode = 200;
  // As after `end()`: a response that closes finished, not aborted.
  Object.defineProperty(res, 'writableFinished', { value: true });
  return { req, res };
}
const noop = () => undefined;

const stages = {
  // The objects themselves: subtracted from every other stage.
  objects() {
    makeRequest();
  },
  extract() {
    const { req } = makeRequest();
    propagation.extract(ROOT_CONTEXT, req.headers);
  },
  spanOnly() {
    makeRequest();
    const span = tracer.startSpan('fastify.request', { kind: SpanKind.SERVER, attributes: FIXED_ATTRIBUTES }, ROOT_CONTEXT);
    span.setAttribute('http.status_code', '200');
    span.setAttribute('http.response.status_code', 200);
    span.setAttribute('http.route', '/');
    span.setAttribute('resource.name', 'GET /');
    span.end();
  },
  fullPath() {
    const { req, res } = makeRequest();
    const state = startServerSpan(tracing, req, res);
    state.route = '/';
    state.run(noop);
    res.emit('close');
  },
};
const FIXED_ATTRIBUTES = {
  'operation.name': 'fastify.request', 'span.type': 'web', component: 'fastify', 'http.method': 'GET',
  'http.url': 'http://localhost:3000/', 'http.request.method': 'GET', 'url.scheme': 'http', 'url.path': '/',
  'server.address': 'localhost', 'server.port': 3000, 'http.useragent': 'autocannon', 'user_agent.original': 'autocannon',
  'network.protocol.version': '1.1', 'network.peer.address': '127.0.0.1', 'network.peer.port': 51234,
};

async function measure(stage) {
  const fn = stages[stage];
  const before = process.cpuUsage();
  for (let i = 0; i < ITERATIONS; i++) {
    fn();
    // Let the exporter's timers and sockets run, as between requests.
    if (i % 50 === 49) await new Promise((resolve) => setImmediate(resolve));
  }
  const used = process.cpuUsage(before);
  return ((used.user + used.system) * 1000) / ITERATIONS;
}

const names = ['objects', ...(process.env.STAGES ?? 'extract,spanOnly,fullPath').split(',')];
for (const name of names) await measure(name); // warm-up
const results = Object.fromEntries(names.map((name) => [name, []]));
for (let round = 0; round < ROUNDS; round++) for (const name of names) results[name].push(await measure(name));
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const base = median(results.objects);
console.log(`node ${process.version}, ${ITERATIONS} iterations × ${ROUNDS} rounds; ns CPU/request above making req/res (${base.toFixed(0)} ns)`);
for (const name of names.slice(1)) console.log(`${name.padEnd(16)} ${(median(results[name]) - base).toFixed(0).padStart(6)} ns  (rounds: ${results[name].map((v) => (v - base).toFixed(0)).join(', ')})`);
await provider.forceFlush();
sink.kill();
process.exit(0);
