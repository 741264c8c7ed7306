/**
 * Realistic traces for the trace viewer's browser tests and README screenshot: a shop's checkout
 * that fails in the payment service (two services, two payloads), and some everyday traffic.
 * Test support only; not part of the package's API.
 */
import type { DevAgent } from '../server.js';
import { putV04, wireSpan } from '../test-support.js';

interface SampleSpan {
  id: bigint;
  parent?: bigint;
  service: string;
  name: string;
  resource: string;
  type?: string;
  /** Offsets from the start of the trace. */
  atMs: number;
  ms: number;
  error?: boolean;
  meta?: Record<string, string>;
  metrics?: Record<string, number>;
  spanEvents?: unknown[];
}

const MS = 1_000_000n;

function toWire(traceId: bigint, startNs: bigint, span: SampleSpan): Record<string, unknown> {
  return wireSpan({
    trace_id: traceId,
    span_id: span.id,
    parent_id: span.parent ?? 0n,
    service: span.service,
    name: span.name,
    resource: span.resource,
    type: span.type ?? '',
    error: span.error ? 1 : 0,
    start: startNs + BigInt(Math.round(span.atMs * 1000)) * (MS / 1000n),
    duration: Math.round(span.ms * 1_000_000),
    meta: { env: 'dev', version: '1.4.2', ...span.meta },
    metrics: { _sampling_priority_v1: 1, ...span.metrics },
    ...(span.spanEvents ? { span_events: span.spanEvents } : {}),
  });
}

const server = (route: string, method: string, status: number) => ({
  'span.kind': 'server', component: 'express', 'http.method': method, 'http.route': route,
  'http.url': `http://localhost:3000${route}`, 'http.status_code': String(status), language: 'javascript',
});

/** Checkout: shop-web → redis, postgres, payments-api (which fails and records an exception). */
export function checkoutTrace(traceId: bigint, startNs: bigint): { web: Record<string, unknown>[]; payments: Record<string, unknown>[] } {
  const web: SampleSpan[] = [
    { id: 0x51n, service: 'shop-web', name: 'express.request', resource: 'POST /api/checkout', type: 'web', atMs: 0, ms: 184.2, error: true,
      meta: { ...server('/api/checkout', 'POST', 502), 'error.type': 'PaymentError', 'error.message': 'payment declined: upstream timeout', '_dd.p.tid': '6650f3a100000000', '_dd.p.dm': '-0' },
      metrics: { '_dd.top_level': 1, '_dd.measured': 1, process_id: 48213 } },
    { id: 0x52n, parent: 0x51n, service: 'shop-web', name: 'express.middleware', resource: 'jsonParser', atMs: 0.3, ms: 1.4 },
    { id: 0x53n, parent: 0x51n, service: 'shop-web', name: 'express.middleware', resource: 'authenticate', atMs: 1.9, ms: 6.8 },
    { id: 0x54n, parent: 0x53n, service: 'shop-redis', name: 'redis.command', resource: 'GET', type: 'redis', atMs: 2.4, ms: 1.1,
      meta: { 'span.kind': 'client', 'db.system': 'redis', 'db.statement': 'GET session:8f2c…', 'out.host': 'redis', 'network.destination.port': '6379' } },
    { id: 0x55n, parent: 0x51n, service: 'shop-web', name: 'express.route_handler', resource: 'POST /api/checkout', atMs: 9.1, ms: 174.6, error: true,
      meta: { 'error.type': 'PaymentError', 'error.message': 'payment declined: upstream timeout' } },
    { id: 0x56n, parent: 0x55n, service: 'shop-postgres', name: 'pg.query', resource: 'SELECT * FROM carts WHERE user_id = $1', type: 'sql', atMs: 10.2, ms: 8.7,
      meta: { 'span.kind': 'client', 'db.system': 'postgresql', 'db.name': 'shop', 'out.host': 'postgres' }, metrics: { 'db.row_count': 3 } },
    { id: 0x57n, parent: 0x55n, service: 'shop-web', name: 'http.request', resource: 'POST', type: 'http', atMs: 20.4, ms: 151.3, error: true,
      meta: { 'span.kind': 'client', 'http.method': 'POST', 'http.url': 'http://payments-api:4000/v1/charges', 'http.status_code': '502', 'out.host': 'payments-api', 'error.type': 'HTTPError', 'error.message': 'HTTP 502' },
      spanEvents: [{ name: 'retry', time_unix_nano: startNs + 80n * MS, attributes: { attempt: { type: 2, int_value: 1 }, reason: { type: 0, string_value: 'HTTP 503' } } }] },
    { id: 0x5an, parent: 0x55n, service: 'shop-postgres', name: 'pg.query', resource: 'UPDATE carts SET status = $1 WHERE id = $2', type: 'sql', atMs: 173.1, ms: 4.2,
      meta: { 'span.kind': 'client', 'db.system': 'postgresql', 'db.name': 'shop', 'out.host': 'postgres' } },
  ];
  const payments: SampleSpan[] = [
    { id: 0x61n, parent: 0x57n, service: 'payments-api', name: 'express.request', resource: 'POST /v1/charges', type: 'web', atMs: 22.5, ms: 146.8, error: true,
      meta: { ...server('/v1/charges', 'POST', 502), 'error.type': 'TimeoutError', 'error.message': 'provider did not answer within 120 ms', '_dd.p.tid': '6650f3a100000000' },
      metrics: { '_dd.top_level': 1 },
      spanEvents: [{ name: 'exception', time_unix_nano: startNs + 168n * MS, attributes: {
        'exception.type': { type: 0, string_value: 'TimeoutError' },
        'exception.message': { type: 0, string_value: 'provider did not answer within 120 ms' },
        'exception.stacktrace': { type: 0, string_value: 'TimeoutError: provider did not answer within 120 ms\n    at Provider.charge (src/provider.ts:41:11)\n    at async charge (src/routes/charges.ts:18:5)' },
      } }] },
    { id: 0x62n, parent: 0x61n, service: 'payments-api', name: 'payments.risk_check', resource: 'risk_check', atMs: 24.1, ms: 18.4 },
    { id: 0x63n, parent: 0x61n, service: 'payments-api', name: 'http.request', resource: 'POST', type: 'http', atMs: 44.0, ms: 121.9, error: true,
      meta: { 'span.kind': 'client', 'http.url': 'https://api.provider.example/charges', 'out.host': 'api.provider.example', 'error.type': 'TimeoutError', 'error.message': 'socket timeout' } },
  ];
  return { web: web.map((span) => toWire(traceId, startNs, span)), payments: payments.map((span) => toWire(traceId, startNs, span)) };
}

/** Everyday traffic: product pages, a health check, a background job. */
export function everydayTraces(firstTraceId: bigint, startNs: bigint): Record<string, unknown>[][] {
  const shapes: Array<[string, string, number, SampleSpan[]]> = [
    ['shop-web', 'GET /api/products', 23.4, [
      { id: 2n, parent: 1n, service: 'shop-redis', name: 'redis.command', resource: 'GET', type: 'redis', atMs: 1.2, ms: 0.9 },
      { id: 3n, parent: 1n, service: 'shop-postgres', name: 'pg.query', resource: 'SELECT id, name, price FROM products LIMIT $1', type: 'sql', atMs: 2.6, ms: 17.8 },
    ]],
    ['shop-web', 'GET /api/products/:id', 9.6, [
      { id: 2n, parent: 1n, service: 'shop-postgres', name: 'pg.query', resource: 'SELECT * FROM products WHERE id = $1', type: 'sql', atMs: 1.1, ms: 6.2 },
    ]],
    ['shop-web', 'GET /health', 0.42, []],
    ['shop-worker', 'send-order-email', 41.7, [
      { id: 2n, parent: 1n, service: 'shop-worker', name: 'smtp.send', resource: 'orders@shop.example', atMs: 3.5, ms: 36.1 },
    ]],
  ];
  return shapes.map(([service, resource, ms, children], index) => {
    const traceId = firstTraceId + BigInt(index);
    const traceStart = startNs + BigInt(index) * 700n * MS;
    const isJob = service === 'shop-worker';
    const root: SampleSpan = { id: 1n, service, name: isJob ? 'job.process' : 'express.request', resource, type: isJob ? 'worker' : 'web', atMs: 0, ms,
      meta: isJob ? { 'span.kind': 'consumer' } : server(resource.split(' ')[1] ?? '/', 'GET', 200) };
    return [root, ...children].map((span) => toWire(traceId, traceStart, { ...span, id: span.id + traceId * 0x100n, parent: span.parent === undefined ? undefined : span.parent + traceId * 0x100n }));
  });
}

/** Sends the everyday traffic, then the checkout in two payloads (web first, payments later). */
export async function sendSampleTraces(agent: DevAgent, nowMs = Date.now()): Promise<{ checkoutTraceId: string }> {
  const startNs = BigInt(nowMs - 4000) * MS;
  for (const trace of everydayTraces(0x7000n, startNs)) await putV04(agent, [trace]);
  const checkout = checkoutTrace(0x5150n, startNs + 3200n * MS);
  await putV04(agent, [checkout.payments]);
  await putV04(agent, [checkout.web]);
  return { checkoutTraceId: '0000000000005150' };
}
