import { setTimeout as sleep } from 'node:timers/promises';
import { trace } from '@opentelemetry/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DevAgentSpan } from '@dd-otel/dev-agent';
import { datadogErrorHandler, datadogMiddleware } from './index.js';
import { EXPRESS_VERSIONS, get, listen, startBackend } from './express-test.test-support.js';
import type { Backend, RunningApp } from './express-test.test-support.js';

let backend: Backend;
beforeAll(async () => {
  backend = await startBackend();
});
afterAll(async () => {
  await backend.close();
});

function activeSpanId(): string {
  return trace.getActiveSpan()?.spanContext().spanId ?? 'none';
}

describe.each(EXPRESS_VERSIONS)('%s request span', (label, express) => {
  const major = label.endsWith('5') ? 5 : 4;
  let running: RunningApp;
  beforeAll(async () => {
    const app = express();
    app.use(datadogMiddleware());
    app.use((req, _res, next) => {
      (req as unknown as { seenInMiddleware: string }).seenInMiddleware = activeSpanId();
      next();
    });
    app.use(express.json());
    app.post('/active', async (req, res) => {
      const inMiddleware = (req as unknown as { seenInMiddleware: string }).seenInMiddleware;
      const inHandler = activeSpanId();
      await sleep(5);
      res.json({ inMiddleware, inHandler, afterAwait: activeSpanId() });
    });
    app.get('/hello', (_req, res) => {
      res.send('hello');
    });
    app.get('/throws', () => {
      throw new TypeError('sync failure');
    });
    app.get('/next-error', (_req, _res, next) => next(new RangeError('passed to next')));
    if (major === 5) {
      app.get('/rejects', async () => {
        await sleep(1);
        throw new Error('async failure');
      });
    }
    app.get('/bad-request', (_req, _res, next) => next(Object.assign(new Error('missing field'), { status: 400 })));
    app.get('/unavailable', (_req, res) => {
      res.status(503).send('later');
    });
    app.get('/handled', () => {
      throw new Error('handled by the app');
    });
    app.get('/hang', () => undefined);
    app.use(datadogErrorHandler());
    app.use((error: Error, req: { path: string }, res: { status(code: number): { send(body: string): void } }, next: (e: Error) => void) => {
      if (req.path === '/handled') res.status(502).send('app error page');
      else next(error);
    });
    running = await listen(app);
  });
  afterAll(() => running.close());

  async function one(path: string, init?: RequestInit): Promise<[DevAgentSpan, Response, string]> {
    const response = await fetch(`${running.url}${path}`, init);
    const body = await response.text();
    const [span] = await backend.collect(1);
    return [span!, response, body];
  }

  it('has the Datadog shape of dd-trace-js express spans', async () => {
    const [span] = await one('/hello?password=hunter2&page=1', { headers: { 'user-agent': 'test-agent/1.0' } });
    expect(span).toMatchObject({ name: 'express.request', resource: 'GET /hello', type: 'web', error: 0, service: 'express-test' });
    expect(span.meta).toMatchObject({
      component: 'express',
      'span.kind': 'server',
      'http.method': 'GET',
      'http.url': `${running.url}/hello?<redacted>&page=1`,
      'http.route': '/hello',
      'http.status_code': '200',
      'http.useragent': 'test-agent/1.0',
      'http.request.method': 'GET',
      'url.scheme': 'http',
      'url.path': '/hello',
      'url.query': '<redacted>&page=1',
      'server.address': '127.0.0.1',
      'user_agent.original': 'test-agent/1.0',
      'network.protocol.version': '1.1',
      'network.peer.address': '127.0.0.1',
    });
    expect(span.metrics).toMatchObject({ 'http.response.status_code': 200, 'server.port': Number(new URL(running.url).port) });
    expect(span.parentId).toBe('0000000000000000');
  });

  it('is the active span in middleware, in the handler and after an await', async () => {
    const [span, , body] = await one('/active', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"a":1}' });
    expect(JSON.parse(body)).toEqual({ inMiddleware: span.spanId, inHandler: span.spanId, afterAwait: span.spanId });
    expect(span.resource).toBe('POST /active');
  });

  it('continues a Datadog trace (x-datadog-*)', async () => {
    const [span] = await one('/hello', {
      headers: { 'x-datadog-trace-id': '1234567890123', 'x-datadog-parent-id': '9876543210', 'x-datadog-sampling-priority': '2' },
    });
    expect(span.traceIdDec).toBe('1234567890123');
    expect(BigInt(`0x${span.parentId}`)).toBe(9876543210n);
    expect(span.metrics['_sampling_priority_v1']).toBe(2);
  });

  it('continues a W3C trace (traceparent)', async () => {
    const [span] = await one('/hello', { headers: { traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01' } });
    expect(span.traceId128).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
    expect(span.parentId).toBe('00f067aa0ba902b7');
  });

  const failures: Array<[path: string, type: string, message: string]> = [
    ['/throws', 'TypeError', 'sync failure'],
    ['/next-error', 'RangeError', 'passed to next'],
  ];
  if (major === 5) failures.push(['/rejects', 'Error', 'async failure']);

  it.each(failures)('records the exception of %s on a 500', async (path, type, message) => {
    const [span, response] = await one(path);
    expect(response.status).toBe(500);
    expect(span.error).toBe(1);
    expect(span.meta).toMatchObject({ 'error.type': type, 'error.message': message, 'http.status_code': '500' });
    expect(span.meta['error.stack']).toContain(message);
    expect(span.spanEvents?.map((event) => event.name)).toEqual(['exception']);
  });

  it('does not mark a 4xx, even with an error', async () => {
    const [span, response] = await one('/bad-request');
    expect(response.status).toBe(400);
    expect(span.error).toBe(0);
    expect(span.meta['error.message']).toBeUndefined();
    expect(span.spanEvents ?? []).toEqual([]);
    expect(span.meta['http.status_code']).toBe('400');
  });

  it('marks a 5xx without exception, with error.type = the status', async () => {
    const [span] = await one('/unavailable');
    expect(span.error).toBe(1);
    expect(span.meta['error.type']).toBe('503');
    expect(span.resource).toBe('GET /unavailable');
  });

  it("records the error an app's own error middleware answers", async () => {
    const [span, response, body] = await one('/handled');
    expect([response.status, body]).toEqual([502, 'app error page']);
    expect(span.error).toBe(1);
    expect(span.meta['error.message']).toBe('handled by the app');
  });

  it('gives an unmatched path the method as resource and 404 without error', async () => {
    const [span, response] = await one('/does/not/exist/42');
    expect(response.status).toBe(404);
    expect(span).toMatchObject({ resource: 'GET', error: 0 });
    expect(span.meta['http.route']).toBeUndefined();
  });

  it('ends an aborted request once, without a status and without an error', async () => {
    const controller = new AbortController();
    const pending = fetch(`${running.url}/hang`, { signal: controller.signal }).catch(() => 'aborted');
    await sleep(50);
    controller.abort();
    expect(await pending).toBe('aborted');
    const [span] = await backend.collect(1);
    expect(span).toMatchObject({ resource: 'GET /hang', error: 0 });
    expect(span!.metrics['http.aborted']).toBe(1);
    expect(span!.meta['http.status_code']).toBeUndefined();
    await get(running.url, '/hello');
    const [next] = await backend.collect(1);
    expect(next!.resource).toBe('GET /hello');
  });
});

describe.each(EXPRESS_VERSIONS)('%s request read at its start', (_label, express) => {
  it('tags the method the client sent, and names the resource after the method the app routed', async () => {
    const app = express();
    // A method override placed before the tracing middleware (as `method-override` would be).
    app.use((req, _res, next) => {
      const override = req.headers['x-http-method-override'];
      if (typeof override === 'string') req.method = override;
      next();
    });
    app.use(datadogMiddleware());
    app.delete('/items/:id', (_req, res) => {
      res.send('deleted');
    });
    const running = await listen(app);
    try {
      const response = await fetch(`${running.url}/items/9?soft=1`, { method: 'POST', headers: { 'x-http-method-override': 'DELETE' } });
      expect(await response.text()).toBe('deleted');
      const [span] = await backend.collect(1);
      expect(span).toMatchObject({ resource: 'DELETE /items/:id', error: 0 });
      expect(span!.meta).toMatchObject({ 'http.method': 'POST', 'http.request.method': 'POST', 'url.path': '/items/9', 'http.route': '/items/:id' });
      expect(span!.meta['http.url']).toBe(`${running.url}/items/9?soft=1`);
    } finally {
      await running.close();
    }
  });
});
