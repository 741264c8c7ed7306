import { channel } from 'node:diagnostics_channel';
import { createServer, IncomingMessage } from 'node:http';
import type { Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { context } from '@opentelemetry/api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { captureDiag } from '../config/diag-capture.test-support.js';
import { createHttpServerTracing } from './http-server-tracing.js';
import type { HttpRequestLike } from './http-types.js';
import { requestStartFactsOf, watchRequestStarts } from './request-start-facts.js';
import { startMemoryProvider } from './server-span.test-support.js';
import type { MemoryProvider } from './server-span.test-support.js';
import { startServerSpan } from './start-server-span.js';

let server: Server | undefined;

afterEach(async () => {
  server?.closeAllConnections();
  await new Promise<void>((resolve) => (server === undefined ? resolve() : server.close(() => resolve())));
  server = undefined;
});

async function listen(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<string> {
  server = createServer(handler);
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** What Express does to each request before any middleware runs (its `app.request` prototype). */
const expressLikePrototype = Object.create(IncomingMessage.prototype) as object;

describe('requestStartFactsOf', () => {
  it('holds the request as Node published it, whatever the framework changes afterwards', async () => {
    watchRequestStarts();
    const seen: Array<{ facts: HttpRequestLike | undefined; req: IncomingMessage }> = [];
    const url = await listen((req, res) => {
      Object.setPrototypeOf(req, expressLikePrototype);
      const wire = { method: req.method, url: req.url, headers: req.headers, httpVersion: req.httpVersion, socket: req.socket };
      req.url = '/rewritten';
      req.method = 'DELETE';
      seen.push({ facts: requestStartFactsOf(req), req });
      res.end(JSON.stringify({ method: wire.method, url: wire.url, headersSame: wire.headers === requestStartFactsOf(req)?.headers }));
    });
    const answer = (await (await fetch(`${url}/users/7?x=1`, { method: 'POST', body: 'b' })).json()) as Record<string, unknown>;
    const { facts, req } = seen[0]!;
    expect(facts).toMatchObject({ method: 'POST', url: '/users/7?x=1', httpVersion: '1.1', originalUrl: undefined });
    expect(answer).toEqual({ method: 'POST', url: '/users/7?x=1', headersSame: true });
    expect(facts!.socket).toBe(req.socket);
    expect(facts!.headers['content-length']).toBe('1');
  });

  it('is undefined for a request that did not come through a Node HTTP server', () => {
    watchRequestStarts();
    expect(requestStartFactsOf({ method: 'GET', url: '/', headers: {} })).toBeUndefined();
  });

  it('never throws into Node when a published request cannot be read, and says so', () => {
    watchRequestStarts();
    const diag = captureDiag();
    try {
      const hostile = Object.defineProperty({}, 'headers', {
        get() {
          throw new Error('no headers here');
        },
      });
      expect(() => channel('http.server.request.start').publish({ request: hostile })).not.toThrow();
      expect(() => channel('http.server.request.start').publish({ request: hostile })).not.toThrow();
      expect(() => channel('http.server.request.start').publish(null)).not.toThrow();
      expect(() => channel('http.server.request.start').publish({ request: 'not a request' })).not.toThrow();
      expect(requestStartFactsOf(hostile as HttpRequestLike)).toBeUndefined();
      // Once, not once per request.
      expect(diag.errors.filter((line) => line.includes('at its start'))).toHaveLength(1);
      expect(diag.errors.join('\n')).toContain('could not read a request at its start: no headers here');
    } finally {
      diag.restore();
    }
  });
});

describe('startServerSpan with readRequestsAtStart', () => {
  let memory: MemoryProvider;
  beforeEach(async () => {
    memory = await startMemoryProvider();
  });
  afterEach(async () => {
    await memory.close();
  });

  /** A server that, like Express, switches each request's prototype and lets a middleware rewrite it first. */
  async function serveRewritten(readRequestsAtStart: boolean): Promise<string> {
    const tracing = createHttpServerTracing<IncomingMessage, ServerResponse>({
      framework: 'test',
      packageName: '@dd-otel/test',
      readRequestsAtStart,
      options: { ignore: ['/health'] },
    });
    return listen((req, res) => {
      Object.setPrototypeOf(req, expressLikePrototype);
      // A method-override and a URL rewrite running before the tracing middleware.
      req.method = 'DELETE';
      req.url = req.url === '/health' ? '/users/1' : '/health';
      const state = startServerSpan(tracing, req, res);
      if (state !== undefined) context.with(state.context, () => res.end('ok'));
      else res.end('untraced');
    });
  }

  it('tags what the client sent (as dd-trace does) and names the resource after the final method', async () => {
    const url = await serveRewritten(true);
    expect(await (await fetch(`${url}/users/1?token=secret`, { method: 'POST', body: 'b' })).text()).toBe('ok');
    const [span] = await memory.waitForSpans(1);
    expect(span!.attributes).toMatchObject({
      'http.method': 'POST',
      'http.request.method': 'POST',
      'url.path': '/users/1',
      'resource.name': 'DELETE',
    });
    expect(span!.attributes['http.url']).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/users\/1\?/);
    // The ignore rules see the URL the client asked for as well.
    expect(await (await fetch(`${url}/health`)).text()).toBe('untraced');
  });

  it('reads the request where the plugin sees it without the option', async () => {
    const url = await serveRewritten(false);
    expect(await (await fetch(`${url}/health`, { method: 'POST', body: 'b' })).text()).toBe('ok');
    const [span] = await memory.waitForSpans(1);
    expect(span!.attributes).toMatchObject({ 'http.method': 'DELETE', 'url.path': '/users/1' });
  });

  /** A server whose requests are traced with the option on or off; `hang` never answers. */
  async function serveCounting(readRequestsAtStart: boolean, listenersAdded: number[]): Promise<string> {
    const tracing = createHttpServerTracing<IncomingMessage, ServerResponse>({ framework: 'test', packageName: '@dd-otel/test', readRequestsAtStart });
    return listen((req, res) => {
      Object.setPrototypeOf(req, expressLikePrototype);
      const before = res.listenerCount('close');
      const state = startServerSpan(tracing, req, res);
      listenersAdded.push(res.listenerCount('close') - before);
      if (req.url === '/hang') return;
      context.with(state!.context, () => res.end('ok'));
    });
  }

  it('ends the span from the close listener added when the request was published', async () => {
    const added: number[] = [];
    const url = await serveCounting(true, added);
    await (await fetch(`${url}/done`)).text();
    const controller = new AbortController();
    const pending = fetch(`${url}/hang`, { signal: controller.signal }).catch(() => 'aborted');
    await new Promise((resolve) => setTimeout(resolve, 50));
    controller.abort();
    expect(await pending).toBe('aborted');
    const [done, aborted] = await memory.waitForSpans(2);
    expect(added).toEqual([0, 0]);
    expect(done!.attributes).toMatchObject({ 'http.status_code': '200', 'resource.name': 'GET' });
    expect(done!.attributes['http.aborted']).toBeUndefined();
    expect(aborted!.attributes).toMatchObject({ 'http.aborted': true });
    expect(aborted!.attributes['http.status_code']).toBeUndefined();
    // Ended once each.
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(memory.spans).toHaveLength(2);
  });

  it('adds its own close listener without the option', async () => {
    const added: number[] = [];
    const url = await serveCounting(false, added);
    await (await fetch(`${url}/done`)).text();
    await memory.waitForSpans(1);
    expect(added).toEqual([1]);
  });
});
