import { connect } from 'node:net';
import type { FastifyServerOptions } from 'fastify';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FASTIFY_MAJORS, listen } from './harness.test-support.js';
import { buildTestApp } from './test-app.test-support.js';
import type { TestApp } from './test-app.test-support.js';
import { useTestTracing } from './traced-test-app.test-support.js';

const tracing = useTestTracing();

/**
 * Sends raw bytes and resolves with what the server answered once it closes the connection, or
 * once the answer is complete (`answered`), or after closing it when `closeWhen` turns true.
 */
function rawExchange(
  base: string,
  bytes: string,
  options: { closeWhen?: () => boolean; answered?: (answer: string) => boolean } = {},
): Promise<string> {
  const { port } = new URL(base);
  return new Promise((resolve, reject) => {
    let answer = '';
    const socket = connect(Number(port), '127.0.0.1', () => socket.write(bytes));
    socket.on('data', (chunk) => {
      answer += chunk.toString();
      if (options.answered?.(answer)) socket.destroy();
    });
    socket.on('close', () => resolve(answer));
    socket.on('error', reject);
    if (options.closeWhen) {
      const check = setInterval(() => {
        if (!options.closeWhen!()) return;
        clearInterval(check);
        socket.destroy();
      }, 5);
    }
  });
}

const hasOpenRequestSpan = (): boolean => tracing.openSpans().some((span) => span.startsWith('fastify.request'));

describe.each(FASTIFY_MAJORS)('aborts and timeouts on $label', ({ Fastify }) => {
  let testApp: TestApp | undefined;
  beforeEach(() => tracing.agent.clear());
  afterEach(async () => {
    await testApp?.app.close();
    testApp = undefined;
  });

  it('ends the span of a request the client gave up on, once, marked aborted and not an error', async () => {
    testApp = await buildTestApp(Fastify);
    const base = await listen(testApp.app);
    const answer = await rawExchange(base, 'GET /slow?ms=200 HTTP/1.1\r\nHost: demo\r\n\r\n', { closeWhen: hasOpenRequestSpan });
    expect(answer).toBe('');
    const span = await tracing.requestSpanFor('/slow');
    expect(span.error).toBe(0);
    expect(span.metrics['http.aborted']).toBe(1);
    expect(span.meta['http.status_code']).toBeUndefined();
    expect(span.meta['fastify.timeout']).toBeUndefined();
    // The handler carries on after the client left; its late reply must not end the span again.
    await vi.waitFor(() => expect(testApp!.slowHandlersDone).toEqual(['/slow?ms=200']), { timeout: 3000 });
    expect(tracing.endedTwice()).toEqual([]);
    expect(tracing.openSpans()).toEqual([]);
  });

  it('ends the span of a pipelined request whose response was still queued when the client left', async () => {
    testApp = await buildTestApp(Fastify);
    const base = await listen(testApp.app);
    const openRequestSpans = (): number => tracing.openSpans().filter((span) => span.startsWith('fastify.request')).length;
    // /hello answers at once, but its response waits behind /slow's, which has the connection.
    const bytes = 'GET /slow?ms=200 HTTP/1.1\r\nHost: demo\r\n\r\nGET /hello HTTP/1.1\r\nHost: demo\r\n\r\n';
    const answer = await rawExchange(base, bytes, { closeWhen: () => openRequestSpans() === 2 });
    expect(answer).toBe('');
    const queued = await tracing.requestSpanFor('/hello');
    expect(queued.metrics['http.aborted']).toBe(1);
    expect(queued.error).toBe(0);
    await vi.waitFor(() => expect(testApp!.slowHandlersDone).toEqual(['/slow?ms=200']), { timeout: 3000 });
    expect(tracing.endedTwice()).toEqual([]);
    expect(tracing.openSpans()).toEqual([]);
  });

  it('ends the span when connectionTimeout hangs up, saying so', async () => {
    testApp = await buildTestApp(Fastify, undefined, { connectionTimeout: 100 });
    const base = await listen(testApp.app);
    await expect(fetch(`${base}/slow?ms=400`)).rejects.toThrow();
    const span = await tracing.requestSpanFor('/slow');
    expect(span.meta['fastify.timeout']).toBe('connection');
    expect(span.metrics['http.aborted']).toBe(1);
    expect(span.meta['http.status_code']).toBeUndefined();
    expect(span.error).toBe(0);
    await vi.waitFor(() => expect(testApp!.slowHandlersDone).toEqual(['/slow?ms=400']), { timeout: 3000 });
    expect(tracing.endedTwice()).toEqual([]);
    expect(tracing.openSpans()).toEqual([]);
  });

  it('ends the span when requestTimeout gives up on a body, saying so', async () => {
    // Node only enforces a requestTimeout below its headersTimeout (60 s unless given at creation),
    // and checks every connectionsCheckingInterval (30 s by default): both go to the server too.
    const http = { requestTimeout: 100, connectionsCheckingInterval: 20 };
    testApp = await buildTestApp(Fastify, undefined, { requestTimeout: 100, http } as FastifyServerOptions);
    const base = await listen(testApp.app);
    const answer = await rawExchange(
      base,
      'POST /slow-upload HTTP/1.1\r\nHost: demo\r\nContent-Type: text/plain\r\nContent-Length: 100\r\n\r\nonly part',
      { answered: (text) => text.endsWith('}') },
    );
    expect(answer).toMatch(/^HTTP\/1\.1 408/);
    const span = await tracing.requestSpanFor('/slow-upload');
    expect(span.meta['fastify.timeout']).toBe('request');
    expect(span.metrics['http.aborted']).toBe(1);
    expect(span.error).toBe(0);
    expect(tracing.endedTwice()).toEqual([]);
    expect(tracing.openSpans()).toEqual([]);
  });
});
