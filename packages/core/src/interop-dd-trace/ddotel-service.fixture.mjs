/*
 * Test fixture (not shipped): a plain node:http service traced by the BUILT @dd-otel/core, with
 * spans written by hand through the OTel API the way an app without instrumentation libraries
 * would: `propagation.extract` + a SERVER span per request, a CLIENT span + `propagation.inject`
 * per outgoing call. Started by dd-trace-interop.test.ts with:
 *   AGENT_URL              the dev agent
 *   DD_TRACE_PROPAGATION_STYLE (optional) the style under test
 * Routes: GET /ping answers; GET /call-ddtrace?port=N calls http://127.0.0.1:N/ping first.
 * Every answer is JSON with the ids of this service's server span, so the test can find the trace.
 */
import http from 'node:http';
import { SpanKind, SpanStatusCode, context, propagation, trace } from '@opentelemetry/api';
import { init } from '@dd-otel/core';

const provider = init({ service: 'ddotel-svc', url: process.env.AGENT_URL, flushInterval: 50 });
const tracer = trace.getTracer('dd-trace-interop');

function getJson(url) {
  const parsed = new URL(url);
  const span = tracer.startSpan('http.request', {
    kind: SpanKind.CLIENT,
    attributes: {
      'http.request.method': 'GET',
      'url.full': url,
      'server.address': parsed.hostname,
      'server.port': Number(parsed.port),
    },
  });
  const headers = {};
  propagation.inject(trace.setSpan(context.active(), span), headers);
  return new Promise((resolve, reject) => {
    const fail = (error) => {
      span.recordException(error);
      span.setStatus({ code: SpanStatusCode.ERROR, message: String(error) });
      span.end();
      reject(error);
    };
    http
      .get(url, { headers }, (response) => {
        span.setAttribute('http.response.status_code', response.statusCode ?? 0);
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk) => (body += chunk));
        response.on('end', () => {
          try {
            const json = JSON.parse(body);
            span.end();
            resolve(json);
          } catch (error) {
            fail(error);
          }
        });
      })
      .on('error', fail);
  });
}

function handle(request, response, serverSpan) {
  const url = new URL(request.url ?? '/', 'http://127.0.0.1');
  const spanContext = serverSpan.spanContext();
  const own = { service: 'ddotel-svc', traceId: spanContext.traceId, spanId: spanContext.spanId };
  const answer = (status, body) => {
    serverSpan.setAttribute('http.response.status_code', status);
    response.writeHead(status, { 'content-type': 'application/json' });
    response.end(JSON.stringify(body));
    serverSpan.end();
  };
  serverSpan.setAttribute('http.route', url.pathname);
  if (url.pathname === '/ping') {
    answer(200, own);
  } else if (url.pathname === '/call-ddtrace') {
    getJson(`http://127.0.0.1:${url.searchParams.get('port')}/ping`).then(
      (downstream) => answer(200, { ...own, downstream }),
      (error) => answer(502, { ...own, error: String(error) }),
    );
  } else {
    answer(404, own);
  }
}

const server = http.createServer((request, response) => {
  const parentContext = propagation.extract(context.active(), request.headers);
  const serverSpan = tracer.startSpan(
    'web.request',
    {
      kind: SpanKind.SERVER,
      attributes: { 'http.request.method': request.method ?? 'GET', 'url.path': request.url ?? '/' },
    },
    parentContext,
  );
  context.with(trace.setSpan(parentContext, serverSpan), () => handle(request, response, serverSpan));
});

server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${JSON.stringify({ ready: true, port: server.address().port })}\n`);
});

process.on('SIGTERM', () => {
  server.close();
  server.closeAllConnections();
  provider.shutdown().finally(() => process.exit(0));
});

// The test holds our stdin open; when it goes away (even killed), so do we, ports and all.
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
