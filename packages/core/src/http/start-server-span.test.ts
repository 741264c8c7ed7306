import { createServer } from 'node:http';
import { EventEmitter } from 'node:events';
import type { AddressInfo } from 'node:net';
import { SpanKind, SpanStatusCode, context, trace } from '@opentelemetry/api';
import type { Span } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import type { ReadableSpanLike } from '../provider/span-processor.js';
import { getServerRequestState, setServerRoute } from './request-state.js';
import type { ServerRequestState } from './request-state.js';
import type { HttpRequestLike, HttpResponseLike } from './http-types.js';
import { useTracedServers } from './server-span.test-support.js';
import { createHttpServerTracing } from './http-server-tracing.js';
import { startServerSpan } from './start-server-span.js';

const servers = useTracedServers();
const { serve } = servers;

async function onlySpan(): Promise<ReadableSpanLike> {
  const [span] = await servers.memory.waitForSpans(1);
  return span!;
}

describe('startServerSpan', () => {
  it('starts one SERVER span <framework>.request with Datadog and semconv attributes', async () => {
    const url = await serve((_req, res) => res.end('ok'));
    await fetch(`${url}/users/42?token=abc&page=2`, { headers: { 'user-agent': 'curl/8.5.0' } });
    const span = await onlySpan();
    expect(span.name).toBe('test.request');
    expect(span.kind).toBe(SpanKind.SERVER);
    const port = Number(new URL(url).port);
    expect(span.attributes).toMatchObject({
      'operation.name': 'test.request',
      'span.type': 'web',
      component: 'test',
      'http.method': 'GET',
      'http.request.method': 'GET',
      'http.url': `${url}/users/42?<redacted>&page=2`,
      'url.scheme': 'http',
      'url.path': '/users/42',
      'url.query': '<redacted>&page=2',
      'server.address': '127.0.0.1',
      'server.port': port,
      'http.useragent': 'curl/8.5.0',
      'user_agent.original': 'curl/8.5.0',
      'network.protocol.version': '1.1',
      'network.peer.address': '127.0.0.1',
      'http.status_code': '200',
      'http.response.status_code': 200,
      'resource.name': 'GET',
    });
    expect(typeof span.attributes['network.peer.port']).toBe('number');
    expect(span.attributes['http.client_ip']).toBeUndefined();
    expect(span.attributes['service.name']).toBeUndefined();
    expect(span.status.code).toBe(SpanStatusCode.UNSET);
  });

  it('makes the span active in the handler', async () => {
    let active: Span | undefined;
    let state: unknown;
    const url = await serve((req, res) => {
      active = trace.getActiveSpan();
      state = getServerRequestState(req);
      res.end();
    });
    await fetch(url);
    const span = await onlySpan();
    expect(active?.spanContext().spanId).toBe(span.spanContext().spanId);
    expect(state).toBeDefined();
  });

  it('continues an incoming W3C trace', async () => {
    const url = await serve((_req, res) => res.end());
    await fetch(url, { headers: { traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' } });
    const span = await onlySpan();
    expect(span.spanContext().traceId).toBe('0af7651916cd43dd8448eb211c80319c');
    expect(span.parentSpanContext?.spanId).toBe('b7ad6b7169203331');
  });

  it('continues an incoming Datadog trace', async () => {
    const url = await serve((_req, res) => res.end());
    await fetch(url, { headers: { 'x-datadog-trace-id': '123456789', 'x-datadog-parent-id': '987654321' } });
    const span = await onlySpan();
    expect(BigInt(`0x${span.spanContext().traceId.slice(16)}`)).toBe(123456789n);
    expect(BigInt(`0x${span.parentSpanContext!.spanId}`)).toBe(987654321n);
  });

  it('returns the existing state for a request another dd-otel plugin traces', async () => {
    const otherPlugin = createHttpServerTracing({ framework: 'other', packageName: '@dd-otel/other' });
    let first: unknown;
    let second: unknown;
    const url = await serve((req, res) => {
      first = getServerRequestState(req);
      second = startServerSpan(otherPlugin, req, res);
      res.end();
    });
    await fetch(url);
    const span = await onlySpan();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(first).toBeDefined();
    expect(second).toBe(first);
    expect(servers.memory.spans).toHaveLength(1);
    expect(span.attributes['component']).toBe('test');
  });

  it('enriches the active SERVER span of another instrumentation instead of opening one', async () => {
    const foreignTracer = servers.memory.provider.getTracer('foreign-http');
    const tracing = createHttpServerTracing({ framework: 'test', packageName: '@dd-otel/test' });
    let foreign: Span | undefined;
    let ownsSpan: boolean | undefined;
    const plain = createServer((req, res) => {
      // What instrumentation-http does: its own SERVER span, active, ended by itself on close.
      foreign = foreignTracer.startSpan('GET', { kind: SpanKind.SERVER });
      res.on('close', () => foreign!.end());
      context.with(trace.setSpan(context.active(), foreign), () => {
        const state = startServerSpan(tracing, req, res)!;
        ownsSpan = state.ownsSpan;
        context.with(state.context, () => setServerRoute(req, '/things/:id'));
        res.end();
      });
    });
    await new Promise<void>((resolve) => plain.listen(0, '127.0.0.1', resolve));
    try {
      await fetch(`http://127.0.0.1:${(plain.address() as AddressInfo).port}/things/1`);
      const span = await onlySpan();
      expect(ownsSpan).toBe(false);
      expect(span.spanContext().spanId).toBe(foreign!.spanContext().spanId);
      expect(span.name).toBe('test.request');
      expect(span.attributes).toMatchObject({
        component: 'test',
        'operation.name': 'test.request',
        'http.route': '/things/:id',
        'resource.name': 'GET /things/:id',
        'http.status_code': '200',
      });
    } finally {
      plain.closeAllConnections();
      plain.close();
    }
  });

  it('does not trace ignored requests', async () => {
    let active: Span | undefined;
    const url = await serve(
      (_req, res) => {
        active = trace.getActiveSpan();
        res.end();
      },
      { options: { ignore: ['/health', /^\/internal\//, (path: string) => path === '/skip'] } },
    );
    for (const path of ['/health', '/internal/x', '/skip?x=1', '/traced']) await fetch(`${url}${path}`);
    const [span] = await servers.memory.waitForSpans(1);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(servers.memory.spans).toHaveLength(1);
    expect(span!.attributes['url.path']).toBe('/traced');
    expect(active).toBeDefined();
  });

  it('sets service.name from the service option', async () => {
    const url = await serve((_req, res) => res.end(), { options: { service: 'edge-api' } });
    await fetch(url);
    expect((await onlySpan()).attributes['service.name']).toBe('edge-api');
  });
  it('finds the state only from inside the request, and never enriches another request', async () => {
    const tracing = createHttpServerTracing<HttpRequestLike, HttpResponseLike>({ framework: 'test', packageName: '@dd-otel/test' });
    let inner: ServerRequestState | undefined;
    let outerState: ServerRequestState | undefined;
    const url = await serve((req, res) => {
      outerState = getServerRequestState(req) as ServerRequestState | undefined;
      // A request dispatched from a handler (e.g. an internal sub-request) gets its own span.
      const innerReq = { method: 'GET', url: '/inner', headers: { host: 'h' } };
      const innerRes = Object.assign(new EventEmitter(), {
        statusCode: 204,
        headersSent: true,
        writableFinished: true,
        getHeader: () => undefined,
      });
      inner = startServerSpan(tracing, innerReq, innerRes) as ServerRequestState | undefined;
      innerRes.emit('finish');
      innerRes.emit('close');
      res.end();
    });
    await fetch(url);
    const spans = await servers.memory.waitForSpans(2);
    expect(inner?.ownsSpan).toBe(true);
    expect(inner?.span).not.toBe(outerState?.span);
    expect(spans.map((span) => span.attributes['url.path']).sort()).toEqual(['/', '/inner']);
    expect(getServerRequestState(outerState!.req)).toBeUndefined();
  });
});
