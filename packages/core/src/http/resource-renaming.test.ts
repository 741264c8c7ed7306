/**
 * `http.endpoint` on request spans without a route (resource renaming), over real HTTP: the
 * tracer's setting (option or `DD_TRACE_RESOURCE_RENAMING_ENABLED`), a plugin's own
 * `resourceRenamingEnabled` over it, and dd-trace-js's web.js behaviour: only when no route is
 * known, computed from `http.url`, the resource left as `<METHOD>`.
 */
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SpanKind, context, trace } from '@opentelemetry/api';
import type { AttributeValue, Span, SpanContext } from '@opentelemetry/api';
import { afterEach, describe, expect, it } from 'vitest';
import type { DatadogOptions } from '../config/options.js';
import type { ReadableSpanLike } from '../provider/span-processor.js';
import { createHttpServerTracing } from './http-server-tracing.js';
import type { HttpServerTracingInit } from './http-server-tracing.js';
import { setServerRoute } from './request-state.js';
import { startMemoryProvider, startTracedServer } from './server-span.test-support.js';
import type { Handler, MemoryProvider, TracedServer } from './server-span.test-support.js';
import { startServerSpan } from './start-server-span.js';

let memory: MemoryProvider | undefined;
let server: TracedServer | undefined;

afterEach(async () => {
  await server?.close();
  await memory?.close();
  server = memory = undefined;
  delete process.env.DD_TRACE_RESOURCE_RENAMING_ENABLED;
});

type Init = Partial<HttpServerTracingInit<IncomingMessage, ServerResponse>>;

/** Requests `paths` in turn through a traced server; returns their spans in order. */
async function spansOf(
  paths: string[],
  tracer: DatadogOptions = {},
  init: Init = {},
  handler: Handler = (_req, res) => res.end(),
): Promise<ReadableSpanLike[]> {
  memory = await startMemoryProvider(tracer);
  server = await startTracedServer(handler, init);
  for (const path of paths) await (await fetch(`${server.url}${path}`)).text();
  return memory.waitForSpans(paths.length);
}

const notFound: Handler = (_req, res) => {
  res.statusCode = 404;
  res.end();
};

describe('resource renaming', () => {
  it('is off by default: a route-less request gets no http.endpoint', async () => {
    const [span] = await spansOf(['/users/42']);
    expect(span!.attributes['http.endpoint']).toBeUndefined();
    expect(span!.attributes['resource.name']).toBe('GET');
  });

  it('tags a route-less request with its normalised path; the resource stays the method', async () => {
    const [span] = await spansOf(['/users/42/orders/a1b2c3d4?token=abc&page=2'], { resourceRenamingEnabled: true }, {}, notFound);
    expect(span!.attributes).toMatchObject({
      'http.endpoint': '/users/{param:int}/orders/{param:hex}',
      'http.status_code': '404',
      'resource.name': 'GET',
    });
    expect(span!.attributes['http.route']).toBeUndefined();
  });

  it('is read from DD_TRACE_RESOURCE_RENAMING_ENABLED', async () => {
    process.env.DD_TRACE_RESOURCE_RENAMING_ENABLED = 'true';
    const [span] = await spansOf(['/files/this_is_a_very_long_filename_indeed/raw']);
    expect(span!.attributes['http.endpoint']).toBe('/files/{param:str}/raw');
  });

  it('does not tag a request whose route is known, as dd-trace-js', async () => {
    const [span] = await spansOf(['/users/42'], { resourceRenamingEnabled: true }, {}, (req, res) => {
      setServerRoute(req, '/users/:id');
      res.end();
    });
    expect(span!.attributes['http.endpoint']).toBeUndefined();
    expect(span!.attributes['resource.name']).toBe('GET /users/:id');
  });

  it("leaves a request alone whose span the app gave an http.route or an http.endpoint", async () => {
    const spans = await spansOf(['/a/12', '/b/34'], { resourceRenamingEnabled: true }, {}, (req, res) => {
      const span = trace.getActiveSpan()!;
      if (req.url!.startsWith('/a')) span.setAttribute('http.route', '/a/:n');
      else span.setAttribute('http.endpoint', '/b/custom');
      res.end();
    });
    expect(spans.map((span) => [span.attributes['http.endpoint'], span.attributes['resource.name']])).toEqual([
      [undefined, 'GET /a/:n'],
      ['/b/custom', 'GET'],
    ]);
  });

  it('is computed before hooks.request, whose http.route still names the resource', async () => {
    const request = (span: Span): void => {
      span.setAttribute('http.route', '/late/:route');
    };
    const [span] = await spansOf(['/late/99'], { resourceRenamingEnabled: true }, { options: { hooks: { request } } });
    expect(span!.attributes).toMatchObject({ 'http.endpoint': '/late/{param:int}', 'resource.name': 'GET /late/:route' });
  });

  it.each([
    ['/', '/'],
    ['/?q=1', '/'],
    ['//api///v1//', '/api/v1'],
    ['/a/b/c/d/e/f/g/h/i/j', '/a/b/c/d/e/f/g/h'],
    ['/search/caf%C3%A9', '/search/{param:str}'],
    ['/orders/2024-01-31/550e8400-e29b-41d4-a716-446655440000', '/orders/{param:int_id}/{param:hex_id}'],
    ['/v1/7/007', '/v1/7/{param:int_id}'],
  ])('GET %s → http.endpoint %s', async (path, expected) => {
    const [span] = await spansOf([path], { resourceRenamingEnabled: true });
    expect(span!.attributes['http.endpoint']).toBe(expected);
  });

  it('works whatever the query obfuscation leaves of http.url', async () => {
    const [span] = await spansOf(['/users/42?password=x'], { resourceRenamingEnabled: true }, { options: { queryStringObfuscation: true } });
    expect(span!.attributes['http.url']).toBe(`${server!.url}/users/42`);
    expect(span!.attributes['http.endpoint']).toBe('/users/{param:int}');
  });
});

describe("a plugin's own resourceRenamingEnabled", () => {
  it("turns it on for the plugin's requests, the tracer's being off", async () => {
    const [span] = await spansOf(['/users/42'], {}, { options: { resourceRenamingEnabled: true } });
    expect(span!.attributes['http.endpoint']).toBe('/users/{param:int}');
  });

  it("turns it off for the plugin's requests, the tracer's being on", async () => {
    const [span] = await spansOf(['/users/42'], { resourceRenamingEnabled: true }, { options: { resourceRenamingEnabled: false } });
    expect(span!.attributes['http.endpoint']).toBeUndefined();
  });

  it('must be a boolean', () => {
    expect(() => createHttpServerTracing({ framework: 'test', packageName: '@dd-otel/test', options: { resourceRenamingEnabled: 'yes' } })).toThrow(
      new TypeError('@dd-otel/test: invalid option "resourceRenamingEnabled": expected true or false (got "yes")'),
    );
  });
});

/** Another SDK's SERVER span that keeps its attributes to itself, as some providers' spans do. */
class OpaqueServerSpan {
  readonly kind = SpanKind.SERVER;
  readonly written = new Map<string, AttributeValue>();
  private readonly context: SpanContext = { traceId: '1'.repeat(32), spanId: '2'.repeat(16), traceFlags: 1 };
  spanContext(): SpanContext {
    return this.context;
  }
  setAttribute(key: string, value: AttributeValue): this {
    this.written.set(key, value);
    return this;
  }
  setAttributes(attributes: Record<string, AttributeValue>): this {
    for (const [key, value] of Object.entries(attributes)) this.written.set(key, value);
    return this;
  }
  addEvent(): this {
    return this;
  }
  addLink(): this {
    return this;
  }
  addLinks(): this {
    return this;
  }
  setStatus(): this {
    return this;
  }
  updateName(): this {
    return this;
  }
  end(): void {}
  isRecording(): boolean {
    return true;
  }
  recordException(): void {}
}

describe('on an enriched span that does not expose its attributes', () => {
  it("computes http.endpoint from the request's URL", async () => {
    memory = await startMemoryProvider({ resourceRenamingEnabled: true });
    const tracing = createHttpServerTracing({ framework: 'test', packageName: '@dd-otel/test' });
    const foreign = new OpaqueServerSpan();
    const plain = createServer((req, res) => {
      context.with(trace.setSpan(context.active(), foreign as unknown as Span), () => {
        startServerSpan(tracing, req, res);
        res.end();
      });
    });
    await new Promise<void>((resolve) => plain.listen(0, '127.0.0.1', resolve));
    try {
      const finished = new Promise<void>((resolve) => plain.once('request', (_req, res: ServerResponse) => res.once('close', resolve)));
      await (await fetch(`http://127.0.0.1:${(plain.address() as AddressInfo).port}/things/12345?x=1`)).text();
      await finished;
      expect(foreign.written.get('http.endpoint')).toBe('/things/{param:int}');
      expect(foreign.written.get('resource.name')).toBe('GET');
    } finally {
      plain.closeAllConnections();
      plain.close();
    }
  });
});
