'use strict';
/*
 * Test fixture (not shipped): a plain node:http service traced by the real dd-trace@5. Its http
 * plugin creates the server and client spans and does all propagation, so this file contains no
 * tracing code besides init. Started by dd-trace-interop.test.ts with:
 *   AGENT_URL              the dev agent
 *   DD_TRACE_PROPAGATION_STYLE (optional) the style under test
 * Routes: GET /ping answers; GET /call-otel?port=N calls http://127.0.0.1:N/ping first.
 * Every answer is JSON with the ids of this service's server span, so the test can find the trace.
 */
const tracer = require('dd-trace').init({
  service: 'ddtrace-svc',
  url: process.env.AGENT_URL,
  // 0: each finished trace is sent at once, so the test never waits for a flush timer.
  flushInterval: 0,
  plugins: true,
  startupLogs: false,
});
// Their spans (a separate dns.lookup trace, tcp.connect under each client call) are not what
// this test is about; without them each request yields exactly one server and one client span.
tracer.use('dns', false);
tracer.use('net', false);
// Required after init so dd-trace's http plugin patches it.
const http = require('node:http');

function activeIds() {
  const span = tracer.scope().active();
  if (span === null) return { traceId: null, spanId: null };
  const spanContext = span.context();
  return { traceId: spanContext.toTraceId(true), spanId: spanContext.toSpanId(true) };
}

function getJson(url) {
  return new Promise((resolve, reject) => {
    http
      .get(url, (response) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk) => (body += chunk));
        response.on('end', () => {
          try {
            resolve(JSON.parse(body));
          } catch (error) {
            reject(error);
          }
        });
      })
      .on('error', reject);
  });
}

function answer(response, status, body) {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
}

const server = http.createServer((request, response) => {
  const url = new URL(request.url ?? '/', 'http://127.0.0.1');
  const own = { service: 'ddtrace-svc', ...activeIds() };
  if (url.pathname === '/ping') {
    answer(response, 200, own);
  } else if (url.pathname === '/call-otel') {
    getJson(`http://127.0.0.1:${url.searchParams.get('port')}/ping`).then(
      (downstream) => answer(response, 200, { ...own, downstream }),
      (error) => answer(response, 502, { ...own, error: String(error) }),
    );
  } else {
    answer(response, 404, own);
  }
});

server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${JSON.stringify({ ready: true, port: server.address().port })}\n`);
});

process.on('SIGTERM', () => {
  server.close();
  server.closeAllConnections();
  // dd-trace flushes on beforeExit; nothing is pending by the time the test stops us.
  process.exit(0);
});

// The test holds our stdin open; when it goes away (even killed), so do we, ports and all.
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
