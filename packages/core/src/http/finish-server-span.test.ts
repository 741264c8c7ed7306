import { request } from 'node:http';
import { SpanStatusCode, trace } from '@opentelemetry/api';
import type { Span } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import type { ReadableSpanLike } from '../provider/span-processor.js';
import { finishServerSpan } from './finish-server-span.js';
import { getServerRequestState, recordServerError, setServerRoute } from './request-state.js';
import type { ServerRequestState } from './request-state.js';
import { useTracedServers } from './server-span.test-support.js';
import type { IncomingMessage, ServerResponse } from 'node:http';

const servers = useTracedServers();
const { serve } = servers;

async function onlySpan(): Promise<ReadableSpanLike> {
  const [span] = await servers.memory.waitForSpans(1);
  return span!;
}

describe('finishing the span', () => {
  it('uses the route for http.route and the resource', async () => {
    const url = await serve((req, res) => {
      setServerRoute(req, '/users/:id');
      res.end();
    });
    await fetch(`${url}/users/7`);
    const span = await onlySpan();
    expect(span.attributes['http.route']).toBe('/users/:id');
    expect(span.attributes['resource.name']).toBe('GET /users/:id');
  });

  it('names the resource with the method the request ends with (a method override), as dd-trace does', async () => {
    const url = await serve((req, res) => {
      req.method = 'PUT';
      setServerRoute(req, '/users/:id');
      res.end();
    });
    await fetch(`${url}/users/7`, { method: 'POST' });
    const span = await onlySpan();
    expect(span.attributes['http.method']).toBe('POST');
    expect(span.attributes['resource.name']).toBe('PUT /users/:id');
  });

  it('asks resolveRoute when no route was set, and survives it throwing', async () => {
    let calls = 0;
    const url = await serve((_req, res) => res.end(), {
      resolveRoute: () => {
        calls++;
        if (calls === 2) throw new Error('broken resolver');
        return '/from/resolver';
      },
    });
    await fetch(url);
    await fetch(url);
    const [first, second] = await servers.memory.waitForSpans(2);
    expect(first!.attributes['resource.name']).toBe('GET /from/resolver');
    expect(second!.attributes['resource.name']).toBe('GET');
    expect(second!.attributes['http.route']).toBeUndefined();
  });

  it('marks a 5xx with the remembered exception as an error', async () => {
    const url = await serve((req, res) => {
      recordServerError(req, new TypeError('boom'));
      res.statusCode = 503;
      res.end();
    });
    await fetch(url);
    const span = await onlySpan();
    expect(span.status).toEqual({ code: SpanStatusCode.ERROR, message: 'boom' });
    const exception = span.events.find((event) => event.name === 'exception');
    expect(exception?.attributes).toMatchObject({ 'exception.type': 'TypeError', 'exception.message': 'boom' });
    expect(span.attributes['error.type']).toBeUndefined();
  });

  it('gives a 5xx without exception error.type = the status code', async () => {
    const url = await serve((_req, res) => {
      res.statusCode = 500;
      res.end();
    });
    await fetch(url);
    const span = await onlySpan();
    expect(span.status.code).toBe(SpanStatusCode.ERROR);
    expect(span.attributes['error.type']).toBe('500');
    expect(span.events).toEqual([]);
  });

  it('never marks a 4xx, even with an exception', async () => {
    const url = await serve((req, res) => {
      recordServerError(req, new Error('bad input'));
      res.statusCode = 400;
      res.end();
    });
    await fetch(url);
    const span = await onlySpan();
    expect(span.status.code).toBe(SpanStatusCode.UNSET);
    expect(span.events).toEqual([]);
    expect(span.attributes['http.status_code']).toBe('400');
  });

  it('follows validateStatus, and the default when it throws', async () => {
    const url = await serve(
      (req, res) => {
        res.statusCode = Number(req.url!.slice(1));
        res.end();
      },
      {
        options: {
          validateStatus: (status: number) => {
            if (status === 502) throw new Error('validator bug');
            return status < 400;
          },
        },
      },
    );
    for (const status of [404, 200, 502]) await fetch(`${url}/${status}`);
    const spans = await servers.memory.waitForSpans(3);
    const byStatus = (status: string) => spans.find((span) => span.attributes['http.status_code'] === status)!;
    expect(byStatus('404').status.code).toBe(SpanStatusCode.ERROR);
    expect(byStatus('200').status.code).toBe(SpanStatusCode.UNSET);
    expect(byStatus('502').status.code).toBe(SpanStatusCode.ERROR);
  });

  it('ignores routing signals and empty errors', async () => {
    const url = await serve((req, res) => {
      recordServerError(req, 'route');
      recordServerError(req, null);
      res.statusCode = 500;
      res.end();
    });
    await fetch(url);
    const span = await onlySpan();
    expect(span.events).toEqual([]);
    expect(span.attributes['error.type']).toBe('500');
  });

  it('records a thrown non-Error value', async () => {
    const url = await serve((req, res) => {
      recordServerError(req, 42);
      res.statusCode = 500;
      res.end();
    });
    await fetch(url);
    const span = await onlySpan();
    expect(span.events.map((event) => event.name)).toEqual(['exception']);
    expect(span.status).toEqual({ code: SpanStatusCode.ERROR, message: '42' });
  });

  it('survives an exception whose properties throw', async () => {
    const hostile = Object.defineProperty(new Error('hidden'), 'message', {
      get() {
        throw new Error('no message for you');
      },
    });
    const url = await serve((req, res) => {
      recordServerError(req, hostile);
      res.statusCode = 500;
      res.end();
    });
    await fetch(url);
    const span = await onlySpan();
    expect(span.status.code).toBe(SpanStatusCode.ERROR);
    expect(span.attributes['resource.name']).toBe('GET');
  });

  it('runs hooks.request before the resource, so its resource.name and http.route stick', async () => {
    const seen: string[] = [];
    const url = await serve(
      (req, res) => {
        setServerRoute(req, '/original');
        res.end();
      },
      {
        options: {
          hooks: {
            request: (span: Span, req: IncomingMessage, res: ServerResponse) => {
              seen.push(`${req.method} ${res.statusCode}`);
              if (req.url === '/renamed') span.setAttribute('resource.name', 'custom resource');
              else if (req.url === '/reroute') span.setAttribute('http.route', '/hooked/:id');
              else throw new Error('hook bug');
            },
          },
        },
      },
    );
    for (const path of ['/renamed', '/reroute', '/throws']) await fetch(`${url}${path}`);
    const spans = await servers.memory.waitForSpans(3);
    const byPath = (path: string) => spans.find((span) => span.attributes['url.path'] === path)!;
    expect(byPath('/renamed').attributes['resource.name']).toBe('custom resource');
    expect(byPath('/reroute').attributes['resource.name']).toBe('GET /hooked/:id');
    expect(byPath('/throws').attributes['resource.name']).toBe('GET /original');
    expect(seen).toEqual(['GET 200', 'GET 200', 'GET 200']);
  });

  it('keeps a route or resource the handler set on the active span', async () => {
    const url = await serve((req, res) => {
      setServerRoute(req, '/plugin/route');
      trace.getActiveSpan()!.setAttribute('http.route', '/app/route');
      res.end();
    });
    await fetch(url);
    const span = await onlySpan();
    expect(span.attributes['http.route']).toBe('/app/route');
    expect(span.attributes['resource.name']).toBe('GET /app/route');
  });

  it('records a client abort without a status and without an error', async () => {
    let aborted!: () => void;
    const handled = new Promise<void>((resolve) => (aborted = resolve));
    const url = await serve(() => aborted());
    const clientRequest = request(`${url}/slow`);
    clientRequest.on('error', () => undefined);
    clientRequest.end();
    await handled;
    clientRequest.destroy();
    const span = await onlySpan();
    expect(span.attributes['http.aborted']).toBe(true);
    expect(span.events.map((event) => event.name)).toEqual(['http.aborted']);
    expect(span.attributes['http.status_code']).toBeUndefined();
    expect(span.status.code).toBe(SpanStatusCode.UNSET);
    expect(span.attributes['resource.name']).toBe('GET');
  });

  it('ends the span exactly once', async () => {
    let state: ServerRequestState | undefined;
    const url = await serve((req, res) => {
      state = getServerRequestState(req) as ServerRequestState | undefined;
      res.end();
    });
    await fetch(url);
    await onlySpan();
    finishServerSpan(state!, true);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(servers.memory.spans).toHaveLength(1);
    expect(servers.memory.spans[0]!.attributes['http.aborted']).toBeUndefined();
  });

  it('tags configured request and response headers', async () => {
    const url = await serve(
      (_req, res) => {
        res.setHeader('x-response-id', 'r-1');
        res.setHeader('set-cookie', ['a=1', 'b=2']);
        res.end();
      },
      { options: { headers: ['x-request-id', 'x-response-id', 'set-cookie', 'x-tenant:tenant.id', 'x-absent'] } },
    );
    await fetch(url, { headers: { 'x-request-id': 'abc', 'x-tenant': 'acme' } });
    const span = await onlySpan();
    expect(span.attributes).toMatchObject({
      'http.request.headers.x-request-id': 'abc',
      'http.request.header.x-request-id': ['abc'],
      'http.response.headers.x-response-id': 'r-1',
      'http.response.header.x-response-id': ['r-1'],
      'http.response.headers.set-cookie': 'a=1, b=2',
      'tenant.id': 'acme',
    });
    expect(Object.keys(span.attributes).filter((key) => key.includes('x-absent'))).toEqual([]);
  });
});
