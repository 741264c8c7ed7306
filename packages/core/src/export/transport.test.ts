import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { context, ROOT_CONTEXT } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { afterEach, describe, expect, it } from 'vitest';
import { isTracingSuppressed } from './suppress-tracing.js';
import { createTransport, parseAgentUrl } from './transport.js';
import type { Transport } from './transport.js';
import { startFakeAgent } from './test-support.js';
import type { FakeAgent } from './test-support.js';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

async function withAgent(handler?: Parameters<typeof startFakeAgent>[0]): Promise<{ fake: FakeAgent; transport: Transport }> {
  const fake = await startFakeAgent(handler);
  const transport = createTransport(parseAgentUrl(fake.url));
  cleanups.push(() => fake.close(), () => transport.destroy());
  return { fake, transport };
}

describe('parseAgentUrl', () => {
  it.each([
    ['http://127.0.0.1:8126', { protocol: 'http:', hostname: '127.0.0.1', port: 8126, socketPath: undefined }],
    ['http://agent', { protocol: 'http:', hostname: 'agent', port: 80, socketPath: undefined }],
    ['https://agent.local:9000/', { protocol: 'https:', hostname: 'agent.local', port: 9000, socketPath: undefined }],
    ['http://[::1]:8126', { protocol: 'http:', hostname: '::1', port: 8126, socketPath: undefined }],
    ['unix:///var/run/datadog/apm.socket', { protocol: 'http:', socketPath: '/var/run/datadog/apm.socket' }],
    ['unix://./pipe/datadog', { protocol: 'http:', socketPath: '//./pipe/datadog' }],
  ])('parses %s', (url, expected) => {
    expect(parseAgentUrl(url)).toMatchObject(expected);
  });

  it.each(['', 'localhost:8126', 'ftp://agent', 'unix://'])('rejects %j with a TypeError naming agentUrl', (url) => {
    expect(() => parseAgentUrl(url)).toThrow(TypeError);
    expect(() => parseAgentUrl(url)).toThrow(/agentUrl/);
  });
});

describe('createTransport', () => {
  it('sends the body and returns status and body', async () => {
    const { fake, transport } = await withAgent((request, res) => res.writeHead(202).end(`got ${request.body.length}`));
    const response = await transport.send({ method: 'PUT', path: '/v0.4/traces', body: new Uint8Array([1, 2, 3]), timeoutMs: 2000 });
    expect(response).toEqual({ statusCode: 202, body: 'got 3' });
    expect(fake.traceRequests[0]!.body).toEqual(Buffer.from([1, 2, 3]));
  });

  it('reuses one keep-alive connection for consecutive requests', async () => {
    const ports = new Set<number | undefined>();
    const { transport } = await withAgent((_, res) => {
      ports.add(res.socket?.remotePort);
      res.writeHead(200).end();
    });
    for (let i = 0; i < 3; i++) await transport.send({ method: 'PUT', path: '/v0.4/traces', timeoutMs: 2000 });
    expect(ports.size).toBe(1);
  });

  it('rejects with ETIMEDOUT when no answer comes in time', async () => {
    const { transport } = await withAgent(() => {});
    await expect(transport.send({ method: 'GET', path: '/info', timeoutMs: 30 })).rejects.toMatchObject({ code: 'ETIMEDOUT' });
  });

  it('rejects outstanding and later requests once destroyed', async () => {
    const { transport } = await withAgent(() => {});
    const outstanding = transport.send({ method: 'GET', path: '/info', timeoutMs: 60_000 });
    transport.destroy();
    await expect(outstanding).rejects.toBeInstanceOf(Error);
    await expect(transport.send({ method: 'GET', path: '/info', timeoutMs: 10 })).rejects.toMatchObject({
      code: 'ERR_TRANSPORT_CLOSED',
    });
  });

  it('makes its requests with tracing suppressed, so http instrumentations skip them', async () => {
    const manager = new AsyncLocalStorageContextManager().enable();
    context.setGlobalContextManager(manager);
    cleanups.push(() => {
      context.disable();
    });
    const seen: boolean[] = [];
    const onRequestStart = (): void => void seen.push(isTracingSuppressed(context.active()));
    subscribe('http.client.request.start', onRequestStart);
    cleanups.push(() => void unsubscribe('http.client.request.start', onRequestStart));

    const { transport } = await withAgent((_, res) => res.writeHead(200).end());
    await context.with(ROOT_CONTEXT, () => transport.send({ method: 'PUT', path: '/v0.4/traces', timeoutMs: 2000 }));
    expect(seen).toEqual([true]);
    expect(isTracingSuppressed(context.active())).toBe(false);
  });
});
