import { request as httpRequest } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { FASTIFY_MAJORS, listen } from './harness.test-support.js';
import { useServedTestApp, useTestTracing } from './traced-test-app.test-support.js';

const tracing = useTestTracing();

describe.each(FASTIFY_MAJORS)('the request span is the active span on $label', ({ Fastify }) => {
  const served = useServedTestApp(Fastify, tracing);

  const lifecycle = { onRequest: true, preParsing: true, preValidation: true, preHandler: true };

  it('in every hook and in a sync handler', async () => {
    await fetch(`${served.base}/sync`, { headers: { 'x-test-id': 'sync' } });
    expect(served.testApp.activeSpans.get('sync')).toEqual({ ...lifecycle, handler: true, preSerialization: true, onSend: true });
  });

  it('in an async handler, before and after it awaits', async () => {
    await fetch(`${served.base}/async`, { headers: { 'x-test-id': 'async' } });
    expect(served.testApp.activeSpans.get('async')).toEqual({
      ...lifecycle,
      handler: true,
      'handler after await': true,
      preSerialization: true,
      onSend: true,
    });
  });

  it('after a request body was read from the socket', async () => {
    const response = await fetch(`${served.base}/echo`, {
      method: 'POST',
      headers: { 'x-test-id': 'post', 'content-type': 'application/json' },
      body: JSON.stringify({ hello: 'world' }),
    });
    expect(await response.json()).toEqual({ hello: 'world' });
    expect(served.testApp.activeSpans.get('post')).toEqual({ ...lifecycle, handler: true, preSerialization: true, onSend: true });
  });

  it('after a request body that arrived late, in a later TCP packet', async () => {
    const body = await new Promise<string>((resolve, reject) => {
      const request = httpRequest(`${served.base}/echo`, {
        method: 'POST',
        headers: { 'x-test-id': 'late-body', 'content-type': 'application/json', 'content-length': '17' },
      });
      request.on('response', (response) => {
        let text = '';
        response.on('data', (chunk: Buffer) => (text += chunk.toString()));
        response.on('end', () => resolve(text));
      });
      request.on('error', reject);
      request.flushHeaders();
      void sleep(30).then(() => request.end('{"hello":"world"}'));
    });
    expect(JSON.parse(body)).toEqual({ hello: 'world' });
    expect(served.testApp.activeSpans.get('late-body')).toEqual({ ...lifecycle, handler: true, preSerialization: true, onSend: true });
  });

  it('in onError hooks', async () => {
    await fetch(`${served.base}/boom`, { headers: { 'x-test-id': 'error' } });
    expect(served.testApp.activeSpans.get('error')).toMatchObject({ onError: true });
  });

  it('and request.datadogSpan is that span, as the agent receives it', async () => {
    const seen: string[] = [];
    const app = Fastify();
    await app.register((await import('./index.js')).default);
    app.get('/whoami', async (request) => {
      seen.push(request.datadogSpan!.spanContext().spanId);
      return 'me';
    });
    const url = await listen(app);
    await fetch(`${url}/whoami`);
    const span = await tracing.requestSpanFor('/whoami');
    await app.close();
    expect(seen).toEqual([span.spanId]);
  });
});
