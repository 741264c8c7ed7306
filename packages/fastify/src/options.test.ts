import { diag, DiagLogLevel } from '@opentelemetry/api';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { FASTIFY_MAJORS, listen } from './harness.test-support.js';
import datadogFastify from './index.js';
import { buildTestApp } from './test-app.test-support.js';
import { useTestTracing } from './traced-test-app.test-support.js';

const tracing = useTestTracing();

describe.each(FASTIFY_MAJORS)('options on $label', ({ Fastify }) => {
  beforeEach(() => tracing.agent.clear());

  it.each([
    [{ servce: 'x' }, /unknown option "servce"; did you mean "service"\?/],
    [{ service: '' }, /invalid option "service"/],
    [{ validateStatus: 'no' }, /invalid option "validateStatus": expected a function/],
    [{ ignore: [42] }, /invalid option "ignore"/],
    [{ headers: 'x-request-id' }, /invalid option "headers"/],
    [{ hooks: { response: () => undefined } }, /invalid option "hooks"/],
    [{ queryStringObfuscation: 42 }, /invalid option "queryStringObfuscation"/],
    [{ resourceRenamingEnabled: 'true' }, /invalid option "resourceRenamingEnabled": expected true or false/],
    [{ clientIpEnabled: 0 }, /invalid option "clientIpEnabled": expected true or false/],
  ])('rejects %o at registration with a TypeError naming it', async (options, message) => {
    const app = Fastify();
    const registration = app.register(datadogFastify, options as never);
    await expect(registration).rejects.toThrow(TypeError);
    await expect(app.ready()).rejects.toThrow(message);
    await app.close().catch(() => undefined);
  });

  it('prefixes the message with the package name', async () => {
    const app = Fastify();
    await expect(app.register(datadogFastify, { servce: 'x' } as never)).rejects.toThrow(/^@dd-otel\/fastify: /);
    await app.close().catch(() => undefined);
  });

  it('accepts the keys of Fastify register itself', async () => {
    const app = Fastify();
    await app.register(datadogFastify, { prefix: '/ignored', logLevel: 'warn' } as never);
    app.get('/hello', async () => 'hello');
    const base = await listen(app);
    await fetch(`${base}/hello`);
    const span = await tracing.requestSpanFor('/hello');
    await app.close();
    expect(span.resource).toBe('GET /hello');
  });

  it('applies service, headers and query obfuscation', async () => {
    const { app } = await buildTestApp(Fastify, { service: 'users-api', headers: ['x-request-id'], queryStringObfuscation: true });
    const base = await listen(app);
    await fetch(`${base}/hello?secret=1`, { headers: { 'x-request-id': 'req-7' } });
    const span = await tracing.requestSpanFor('/hello');
    await app.close();
    expect(span.service).toBe('users-api');
    expect(span.meta['http.request.headers.x-request-id']).toBe('req-7');
    expect(span.meta['http.url']).toBe(`${base}/hello`);
  });

  it('resourceRenamingEnabled tags a 404 with http.endpoint, not a routed request', async () => {
    const { app } = await buildTestApp(Fastify, { resourceRenamingEnabled: true });
    const base = await listen(app);
    await fetch(`${base}/hello`);
    await fetch(`${base}/missing/a1b2c3d4e5f6/2024-01-31`);
    const routed = await tracing.requestSpanFor('/hello');
    const missing = await tracing.requestSpanFor('/missing/a1b2c3d4e5f6/2024-01-31');
    await app.close();
    expect(routed.meta['http.endpoint']).toBeUndefined();
    expect(missing.meta).toMatchObject({ 'http.status_code': '404', 'http.endpoint': '/missing/{param:hex}/{param:int_id}' });
    expect(missing.resource).toBe('GET');
  });

  it('skips ignored paths; a predicate gets the Fastify request', async () => {
    const seen: Array<string | undefined> = [];
    const { app } = await buildTestApp(Fastify, {
      ignore: [
        '/hello',
        /^\/api\/nested\//,
        (_path, request) => {
          seen.push(request.routeOptions.url);
          return request.headers['x-skip'] === 'yes';
        },
      ],
    });
    const base = await listen(app);
    await fetch(`${base}/hello`);
    await fetch(`${base}/api/nested/items/1`);
    await fetch(`${base}/api/users/1`, { headers: { 'x-skip': 'yes' } });
    await fetch(`${base}/api/users/2`);
    // Spans leave in the order they end: once the last request's is in, any earlier one would be.
    await tracing.requestSpanFor('/api/users/2');
    await app.close();
    expect(tracing.agent.spans().map((span) => span.meta['url.path'])).toEqual(['/api/users/2']);
    expect(seen).toEqual(['/api/users/:id', '/api/users/:id']);
  });

  it('runs hooks.request with the Fastify request and reply before the resource is named', async () => {
    const calls: string[] = [];
    const { app } = await buildTestApp(Fastify, {
      hooks: {
        request(span, request, reply) {
          calls.push(`${request.routeOptions.url} ${reply.statusCode}`);
          if (request.headers['x-tenant'] !== undefined) span.setAttribute('resource.name', `tenant ${request.headers['x-tenant']}`);
        },
      },
    });
    const base = await listen(app);
    await fetch(`${base}/api/users/1`, { headers: { 'x-tenant': 'acme' } });
    const span = await tracing.requestSpanFor('/api/users/1');
    await app.close();
    expect(calls).toEqual(['/api/users/:id 200']);
    expect(span.resource).toBe('tenant acme');
  });

  it('keeps serving when an ignore predicate or hooks.request throws', async () => {
    const { app } = await buildTestApp(Fastify, {
      ignore: () => {
        throw new Error('broken predicate');
      },
      hooks: {
        request() {
          throw new Error('broken hook');
        },
      },
    });
    const base = await listen(app);
    const response = await fetch(`${base}/api/users/9`);
    const span = await tracing.requestSpanFor('/api/users/9');
    await app.close();
    expect(response.status).toBe(200);
    expect(span).toMatchObject({ resource: 'GET /api/users/:id', error: 0 });
  });

  it('warns and does nothing more when registered twice', async () => {
    const warn = vi.fn();
    diag.disable();
    diag.setLogger({ warn, error: vi.fn(), info: vi.fn(), debug: vi.fn(), verbose: vi.fn() }, DiagLogLevel.WARN);
    const app = Fastify();
    await app.register(datadogFastify);
    await app.register(datadogFastify);
    app.get('/twice', async () => 'ok');
    const base = await listen(app);
    await fetch(`${base}/twice`);
    await fetch(`${base}/hello-404`);
    await tracing.requestSpans(2);
    await app.close();
    diag.disable();
    expect(warn).toHaveBeenCalledWith('@dd-otel/fastify', expect.stringContaining('this registration is ignored'));
    expect(tracing.agent.spans().filter((span) => span.meta['url.path'] === '/twice')).toHaveLength(1);
  });
});
