import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import express from 'express';
import type { Request, Response } from 'express';
import { datadogErrorHandler, datadogMiddleware } from './index.js';
import type { DatadogExpressOptions } from './index.js';
import { get, listen, startBackend } from './express-test.test-support.js';
import type { Backend, RunningApp } from './express-test.test-support.js';

let backend: Backend;
beforeAll(async () => {
  // As if DD_TRACE_HEADER_TAGS=x-from-config and DD_TRACE_CLIENT_IP_ENABLED=true were set.
  backend = await startBackend({ headerTags: ['x-from-config'], clientIpEnabled: true });
});
afterAll(async () => {
  await backend.close();
});

const running: RunningApp[] = [];
afterAll(async () => {
  await Promise.all(running.map((app) => app.close()));
});

async function appWith(options: DatadogExpressOptions): Promise<string> {
  const app = express();
  app.use(datadogMiddleware(options));
  app.get('/status/:code', (req, res) => {
    res.setHeader('x-response-id', 'resp-7');
    res.status(Number(req.params.code)).send('done');
  });
  app.get('/health', (_req, res) => {
    res.send('up');
  });
  app.use(datadogErrorHandler());
  const started = await listen(app);
  running.push(started);
  return started.url;
}

describe('datadogMiddleware options', () => {
  it('service sets the span service', async () => {
    const url = await appWith({ service: 'edge-api' });
    await get(url, '/status/200');
    const [span] = await backend.collect(1);
    expect(span!.service).toBe('edge-api');
  });

  it('ignore skips matching requests entirely', async () => {
    const url = await appWith({ ignore: ['/health', (path) => path.startsWith('/status/2')] });
    expect(await get(url, '/health', '/status/201', '/status/404')).toEqual([200, 201, 404]);
    const [span] = await backend.collect(1);
    expect(span!.meta['url.path']).toBe('/status/404');
    await backend.provider.forceFlush();
    expect(backend.agent.spans().filter((candidate) => candidate.meta['url.path'] === '/health')).toEqual([]);
  });

  it('headers add request and response header tags to DD_TRACE_HEADER_TAGS', async () => {
    const url = await appWith({ headers: ['x-request-id', 'x-response-id', 'x-tenant:tenant.id'] });
    await fetch(`${url}/status/200`, {
      headers: { 'x-request-id': 'req-1', 'x-tenant': 'acme', 'x-from-config': 'cfg', 'x-forwarded-for': '198.51.100.23' },
    }).then((response) => response.text());
    const [span] = await backend.collect(1);
    expect(span!.meta).toMatchObject({
      'http.request.headers.x-request-id': 'req-1',
      'http.response.headers.x-response-id': 'resp-7',
      'tenant.id': 'acme',
      'http.request.headers.x-from-config': 'cfg',
      'http.client_ip': '198.51.100.23',
      'client.address': '198.51.100.23',
    });
  });

  it('clientIpHeader reads the client IP from that header alone', async () => {
    const url = await appWith({ clientIpHeader: 'X-Client-Address' });
    const headers = { 'x-forwarded-for': '198.51.100.23', 'x-client-address': '10.0.0.7, 198.51.100.24' };
    await fetch(`${url}/status/200`, { headers }).then((response) => response.text());
    await fetch(`${url}/status/201`, { headers: { 'x-forwarded-for': '198.51.100.23' } }).then((response) => response.text());
    const spans = await backend.collect(2);
    const byStatus = Object.fromEntries(spans.map((span) => [span.meta['http.status_code'], span.meta['http.client_ip']]));
    // Without the header there is no client IP: X-Forwarded-For and the socket are not read.
    expect(byStatus).toEqual({ '200': '198.51.100.24', '201': undefined });
  });

  it("clientIpEnabled: false collects no client IP for this middleware's requests, the tracer's setting being on", async () => {
    const url = await appWith({ clientIpEnabled: false });
    await fetch(`${url}/status/200`, { headers: { 'x-forwarded-for': '198.51.100.23' } }).then((response) => response.text());
    const [span] = await backend.collect(1);
    expect(Object.keys(span!.meta).filter((key) => /client_ip|client\.address/.test(key))).toEqual([]);
  });

  it('resourceRenamingEnabled tags requests no route matched with http.endpoint, and only those', async () => {
    const url = await appWith({ resourceRenamingEnabled: true });
    expect(await get(url, '/status/200', '/orders/12345/items/?page=2')).toEqual([200, 404]);
    const spans = await backend.collect(2);
    const byPath = Object.fromEntries(spans.map((span) => [span.meta['url.path'], [span.meta['http.endpoint'], span.resource]]));
    expect(byPath).toEqual({
      '/status/200': [undefined, 'GET /status/:code'],
      // dd-trace-js leaves the resource of a route-less request as the method.
      '/orders/12345/items/': ['/orders/{param:int}/items', 'GET'],
    });
  });

  it('without resourceRenamingEnabled (nor DD_TRACE_RESOURCE_RENAMING_ENABLED), no http.endpoint', async () => {
    const url = await appWith({});
    await get(url, '/orders/12345');
    const [span] = await backend.collect(1);
    expect(span!.meta['http.endpoint']).toBeUndefined();
    expect(span!.resource).toBe('GET');
  });

  it('validateStatus decides which statuses are errors', async () => {
    const url = await appWith({ validateStatus: (status) => status < 400 });
    await get(url, '/status/404', '/status/500');
    const spans = await backend.collect(2);
    const byStatus = Object.fromEntries(spans.map((span) => [span.meta['http.status_code'], span.error]));
    expect(byStatus).toEqual({ '404': 1, '500': 1 });
  });

  it('the default treats 5xx as errors and 4xx as not', async () => {
    const url = await appWith({});
    await get(url, '/status/404', '/status/500');
    const spans = await backend.collect(2);
    const byStatus = Object.fromEntries(spans.map((span) => [span.meta['http.status_code'], span.error]));
    expect(byStatus).toEqual({ '404': 0, '500': 1 });
  });

  it.each([
    [true, '/status/200'],
    [false, '/status/200?token=abc&page=1'],
    [/page=\d+/, '/status/200?token=abc&<redacted>'],
    ['page=\\d+', '/status/200?token=abc&<redacted>'],
  ] as const)('queryStringObfuscation %s', async (setting, expected) => {
    const url = await appWith({ queryStringObfuscation: setting });
    await get(url, '/status/200?token=abc&page=1');
    const [span] = await backend.collect(1);
    expect(span!.meta['http.url']).toBe(`${url}${expected}`);
  });

  it('hooks.request can set tags and the resource, and its errors are contained', async () => {
    const url = await appWith({
      hooks: {
        request(span, req, res) {
          span.setAttribute('tenant.from_hook', String(req.headers['x-tenant']));
          if (res.statusCode === 418) throw new Error('hook failure');
          span.setAttribute('resource.name', `custom ${req.method}`);
        },
      },
    });
    await fetch(`${url}/status/200`, { headers: { 'x-tenant': 'acme' } }).then((response) => response.text());
    await get(url, '/status/418');
    const [custom, failing] = await backend.collect(2);
    expect(custom!.resource).toBe('custom GET');
    expect(custom!.meta['tenant.from_hook']).toBe('acme');
    expect(failing!.resource).toBe('GET /status/:code');
  });

  it("types ignore and hooks with Express's own Request and Response", async () => {
    const app = express();
    app.use(
      datadogMiddleware<Request, Response>({
        ignore: (_path, req) => req.hostname === 'ignored.example',
        hooks: {
          request(span, req, res) {
            span.setAttribute('route.params', JSON.stringify(req.params));
            span.setAttribute('locals.user', String(res.locals.user));
          },
        },
      }),
    );
    app.get('/items/:item', (_req, res) => {
      res.locals.user = 'ada';
      res.send('ok');
    });
    const started = await listen(app);
    running.push(started);
    await get(started.url, '/items/7');
    const [span] = await backend.collect(1);
    expect(span!.meta['locals.user']).toBe('ada');
  });

  it.each([
    [{ servce: 'x' }, 'unknown option "servce"; did you mean "service"?'],
    [{ service: 42 }, 'invalid option "service"'],
    [{ ignore: 1 }, 'invalid option "ignore"'],
    [{ headers: 'x-request-id' }, 'invalid option "headers"'],
    [{ validateStatus: true }, 'invalid option "validateStatus"'],
    [{ queryStringObfuscation: '[' }, 'invalid option "queryStringObfuscation"'],
    [{ clientIpEnabled: 'false' }, 'invalid option "clientIpEnabled": expected true or false'],
    [{ resourceRenamingEnabled: 1 }, 'invalid option "resourceRenamingEnabled": expected true or false'],
    [{ clientIpHeader: 'x client ip' }, 'invalid option "clientIpHeader": "x client ip" is not a valid header name'],
    [{ hooks: { request: 1 } }, 'invalid option "hooks"'],
  ])('rejects %j with a TypeError', (options, message) => {
    expect(() => datadogMiddleware(options as DatadogExpressOptions)).toThrow(TypeError);
    expect(() => datadogMiddleware(options as DatadogExpressOptions)).toThrow(`@dd-otel/express: ${message}`);
  });
});
