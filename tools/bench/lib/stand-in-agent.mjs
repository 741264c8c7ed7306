// A stand-in Datadog Agent and OTLP receiver for the benchmarks. It answers as fast as it can and
// keeps the payloads undecoded (in memory written before any measurement, see PayloadArena) until
// stats are asked for, so its CPU stays out of the measurement; decoding then proves every
// payload well formed and counts the spans.
import { createServer } from 'node:http';
import { PayloadArena } from './payload-arena.mjs';
import { countDatadogPayload, countOtlpPayload } from './payload-count.mjs';

/** Room for one benchmark window's bodies (a span-bench run of dd-trace sends ~125 MB). */
const DEFAULT_ARENA_BYTES = 256 * 1024 * 1024;

const RATES_BODY = JSON.stringify({ rate_by_service: {} });

/**
 * Starts both servers on 127.0.0.1 (port 0 unless given). `spanEvents` is what `/info` reports
 * (a current Agent accepts native span events). Returns `{ agentUrl, otlpUrl, stats(), reset(), close() }`.
 */
export async function startStandInAgent({ agentPort = 0, otlpPort = 0, spanEvents = true, arenaBytes = DEFAULT_ARENA_BYTES } = {}) {
  const arena = new PayloadArena(arenaBytes);
  let payloads = [];
  let inflight = 0;
  let lastActivity = Date.now();
  const infoBody = JSON.stringify({
    version: '7.60.0',
    endpoints: ['/v0.4/traces', '/v0.5/traces', '/v0.7/config', '/info', '/telemetry/proxy/'],
    span_events: spanEvents,
    client_drop_p0s: false,
  });

  function collect(req, onBody) {
    inflight++;
    lastActivity = Date.now();
    const parts = [];
    let length = 0;
    req.on('data', (part) => {
      parts.push(part);
      length += part.length;
    });
    req.on('end', () => {
      inflight--;
      lastActivity = Date.now();
      onBody(arena.store(parts, length));
    });
    req.on('error', () => {
      inflight--;
    });
  }

  const agent = createServer((req, res) => {
    const path = req.url.split('?')[0];
    const traces = /^\/v0\.([45])\/traces$/.exec(path);
    if (traces && (req.method === 'PUT' || req.method === 'POST')) {
      collect(req, (body) => {
        payloads.push({
          kind: 'datadog',
          version: `0.${traces[1]}`,
          body,
          headerTraceCount: Number(req.headers['x-datadog-trace-count'] ?? NaN),
        });
        res.writeHead(200, { 'content-type': 'application/json' }).end(RATES_BODY);
      });
      return;
    }
    req.resume();
    if (path === '/info') res.writeHead(200, { 'content-type': 'application/json' }).end(infoBody);
    else if (path.startsWith('/telemetry/')) res.writeHead(202).end('{}');
    else if (path === '/v0.6/stats' || path.startsWith('/dogstatsd/')) res.writeHead(200).end('{}');
    else res.writeHead(404).end('Not Found');
  });

  const otlp = createServer((req, res) => {
    if (req.method === 'POST' && req.url.split('?')[0] === '/v1/traces') {
      collect(req, (body) => {
        payloads.push({ kind: 'otlp', body });
        // An empty ExportTraceServiceResponse is a zero-length protobuf message.
        res.writeHead(200, { 'content-type': 'application/x-protobuf' }).end();
      });
      return;
    }
    req.resume();
    res.writeHead(404).end();
  });

  for (const server of [agent, otlp]) server.keepAliveTimeout = 60_000;
  await Promise.all([listen(agent, agentPort), listen(otlp, otlpPort)]);

  /** Waits until no request is being received and none arrived for `quietMs`. */
  async function settle(quietMs = 100, maxMs = 10_000) {
    const deadline = Date.now() + maxMs;
    while (Date.now() < deadline && (inflight > 0 || Date.now() - lastActivity < quietMs)) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  return {
    agentUrl: `http://127.0.0.1:${agent.address().port}`,
    otlpUrl: `http://127.0.0.1:${otlp.address().port}`,
    /** Decodes everything received since the last reset. */
    async stats() {
      await settle();
      const result = { payloads: payloads.length, spans: 0, traces: 0, bytes: 0, headerTraceCount: 0, errors: [], versions: {} };
      for (const payload of payloads) {
        result.bytes += payload.body.length;
        try {
          const counted =
            payload.kind === 'otlp' ? countOtlpPayload(payload.body) : countDatadogPayload(payload.version, payload.body);
          result.spans += counted.spans;
          result.traces += counted.traces ?? 0;
          if (payload.kind === 'datadog') result.headerTraceCount += payload.headerTraceCount;
          const key = payload.kind === 'otlp' ? 'otlp' : `v${payload.version}`;
          result.versions[key] = (result.versions[key] ?? 0) + 1;
        } catch (error) {
          result.errors.push(String(error?.message ?? error));
        }
      }
      return result;
    },
    reset() {
      payloads = [];
      arena.reset();
    },
    async close() {
      for (const server of [agent, otlp]) server.closeAllConnections();
      await Promise.all([agent, otlp].map((server) => new Promise((resolve) => server.close(resolve))));
    },
  };
}

function listen(server, port) {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
}
