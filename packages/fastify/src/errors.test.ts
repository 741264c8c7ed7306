import { beforeEach, describe, expect, it } from 'vitest';
import { FASTIFY_MAJORS, listen } from './harness.test-support.js';
import { buildTestApp } from './test-app.test-support.js';
import { useServedTestApp, useTestTracing } from './traced-test-app.test-support.js';

const tracing = useTestTracing();

describe.each(FASTIFY_MAJORS)('errors on $label', ({ Fastify }) => {
  const served = useServedTestApp(Fastify, tracing);

  it.each([
    ['/boom', 'a rejected async handler', 'TypeError', 'boom'],
    ['/sync-boom', 'a throwing sync handler', 'RangeError', 'sync boom'],
    ['/send-error', 'reply.send(error)', 'Error', 'sent as error'],
    ['/hook-error', 'a rejected preHandler hook', 'Error', 'preHandler failed'],
  ])('records %s (%s) on the 500 span', async (path, _what, type, message) => {
    const response = await fetch(`${served.base}${path}`);
    expect(response.status).toBe(500);
    const span = await tracing.requestSpanFor(path);
    expect(span.error).toBe(1);
    expect(span.meta).toMatchObject({ 'error.type': type, 'error.message': message, 'http.status_code': '500' });
    expect(span.meta['error.stack']).toContain(message);
    expect(span.spanEvents?.map((event) => event.name)).toEqual(['exception']);
  });

  it('does not flag a 4xx, even with an exception behind it', async () => {
    const response = await fetch(`${served.base}/bad`);
    expect(response.status).toBe(400);
    const span = await tracing.requestSpanFor('/bad');
    expect(span.error).toBe(0);
    expect(span.meta['http.status_code']).toBe('400');
    expect(span.meta['error.message']).toBeUndefined();
    expect(span.spanEvents).toBeUndefined();
  });

  it('flags a 5xx sent without an exception, with the status as error.type', async () => {
    const response = await fetch(`${served.base}/unavailable`);
    expect(response.status).toBe(503);
    const span = await tracing.requestSpanFor('/unavailable');
    expect(span.error).toBe(1);
    expect(span.meta).toMatchObject({ 'error.type': '503', 'http.status_code': '503' });
  });
});

describe.each(FASTIFY_MAJORS)('validateStatus and error handlers on $label', ({ Fastify }) => {
  beforeEach(() => tracing.agent.clear());

  it('flags what validateStatus calls a failure, with the exception behind it', async () => {
    const { app } = await buildTestApp(Fastify, { validateStatus: (status) => status < 400 });
    const base = await listen(app);
    await fetch(`${base}/bad`);
    const bad = await tracing.requestSpanFor('/bad');
    await app.close();
    expect(bad.error).toBe(1);
    expect(bad.meta).toMatchObject({ 'error.type': 'Error', 'error.message': 'bad input', 'http.status_code': '400' });
  });

  it('does not flag an error the app turned into a success', async () => {
    const app = Fastify();
    await app.register((await import('./index.js')).default);
    app.setErrorHandler(async (_error, _request, reply) => reply.code(200).send('recovered'));
    app.get('/recovered', async () => {
      throw new Error('handled by the app');
    });
    const base = await listen(app);
    expect(await (await fetch(`${base}/recovered`)).text()).toBe('recovered');
    const span = await tracing.requestSpanFor('/recovered');
    await app.close();
    expect(span.error).toBe(0);
    expect(span.meta['error.message']).toBeUndefined();
  });
});
