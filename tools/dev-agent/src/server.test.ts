import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import type { Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startDevAgent, type DevAgent, type DevAgentOptions } from './index.js';
import { getJson, putV04, wireSpan } from './test-support.js';

const started: DevAgent[] = [];
async function start(options?: DevAgentOptions): Promise<DevAgent> {
  const agent = await startDevAgent(options);
  started.push(agent);
  return agent;
}
afterEach(async () => {
  await Promise.all(started.splice(0).map((agent) => agent.close()));
});

describe('startDevAgent', () => {
  it('binds 127.0.0.1 on a free port by default', async () => {
    const agent = await start();
    expect(agent.host).toBe('127.0.0.1');
    expect(agent.port).toBeGreaterThan(0);
    expect(agent.url).toBe(`http://127.0.0.1:${agent.port}`);
  });

  it.each<[DevAgentOptions, string]>([
    [{ port: -1 }, 'port'],
    [{ port: 1.5 }, 'port'],
    [{ host: '' }, 'host'],
    [{ maxTraces: 0 }, 'maxTraces'],
    [{ spanEvents: 'yes' as unknown as boolean }, 'spanEvents'],
    [{ rateByService: { 'service:a,env:': 2 } }, 'rateByService'],
  ])('rejects %j with a TypeError naming the option', async (options, name) => {
    await expect(startDevAgent(options)).rejects.toThrow(TypeError);
    await expect(startDevAgent(options)).rejects.toThrow(name);
  });

  it('rejects when the port is taken', async () => {
    const agent = await start();
    await expect(startDevAgent({ port: agent.port })).rejects.toThrow(/EADDRINUSE/);
  });
});

describe('responses', () => {
  it('answers trace payloads with the default rate_by_service and Agent headers', async () => {
    const agent = await start();
    const response = await putV04(agent, [[wireSpan()]]);
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ rate_by_service: { 'service:,env:': 1 } });
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(response.headers.get('datadog-agent-version')).toBe('7.70.0');
    expect(response.headers.get('datadog-agent-state')).toMatch(/^[0-9a-f]{64}$/);
  });

  it('answers the rates given as option, then the ones set later', async () => {
    const agent = await start({ rateByService: { 'service:a,env:prod': 0.5 } });
    expect((await putV04(agent, [[wireSpan()]])).body).toEqual({ rate_by_service: { 'service:a,env:prod': 0.5 } });
    agent.setRateByService({ 'service:,env:': 0.1 });
    expect((await putV04(agent, [[wireSpan()]])).body).toEqual({ rate_by_service: { 'service:,env:': 0.1 } });
    expect(() => agent.setRateByService({ x: -1 })).toThrow(TypeError);
  });

  it('serves /info like the Agent, span_events following the option', async () => {
    const agent = await start();
    const { status, body } = await getJson(agent, '/info');
    expect(status).toBe(200);
    expect(body).toMatchObject({
      version: '7.70.0',
      endpoints: ['/v0.4/traces', '/v0.5/traces', '/info'],
      span_events: true,
      client_drop_p0s: false,
      config: { receiver_port: agent.port, max_request_bytes: 50_000_000 },
    });
    const noEvents = await start({ spanEvents: false });
    expect((await getJson(noEvents, '/info')).body.span_events).toBe(false);
  });

  it('answers 404 for unknown paths and 405 for a known path with another method', async () => {
    const agent = await start();
    expect((await getJson(agent, '/v0.7/traces')).status).toBe(404);
    const wrongMethod = await fetch(`${agent.url}/v0.4/traces`);
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get('allow')).toBe('PUT, POST');
    expect(agent.requests()).toEqual([]);
  });

  it('accepts POST as well as PUT', async () => {
    const agent = await start();
    const response = await fetch(`${agent.url}/v0.4/traces`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/msgpack', 'X-Datadog-Trace-Count': '0' },
      body: new Uint8Array([0x90]),
    });
    expect(response.status).toBe(200);
    expect(agent.requests()[0]).toMatchObject({ method: 'POST', traceCount: 0, spanCount: 0 });
  });
});

describe('store', () => {
  it('keeps at most maxTraces traces, dropping the oldest and counting them', async () => {
    const agent = await start({ maxTraces: 3 });
    for (let index = 1n; index <= 5n; index++) await putV04(agent, [[wireSpan({ trace_id: index, span_id: index })]]);
    expect(agent.traces().map((trace) => trace[0]?.traceIdDec)).toEqual(['3', '4', '5']);
    expect(agent.stats()).toMatchObject({ traces: 3, spans: 3, requests: 5, droppedTraces: 2 });
  });

  it('records each request with its headers of interest, sizes and counts', async () => {
    const agent = await start();
    const response = await putV04(agent, [[wireSpan(), wireSpan({ span_id: 2n, parent_id: 0x1234n })]]);
    expect(response.status).toBe(200);
    const [request] = agent.requests();
    expect(request).toMatchObject({
      id: 1,
      method: 'PUT',
      path: '/v0.4/traces',
      protocol: '0.4',
      traceCount: 1,
      spanCount: 2,
      status: 200,
      problems: [],
      headers: { 'content-type': 'application/msgpack', 'datadog-meta-lang': 'nodejs', 'x-datadog-trace-count': '1' },
    });
    expect(request?.byteSize).toBe(Number(request?.headers['content-length']));
  });
});

describe('waiting', () => {
  it('waitForSpans resolves once enough spans arrived', async () => {
    const agent = await start();
    const waiting = agent.waitForSpans(2);
    await putV04(agent, [[wireSpan()]]);
    await putV04(agent, [[wireSpan({ trace_id: 2n, span_id: 2n })]]);
    const spans = await waiting;
    expect(spans.map((span) => span.spanIdDec)).toEqual(['4660', '2']);
  });

  it('waitForSpans rejects on timeout, describing what was received', async () => {
    const agent = await start();
    await putV04(agent, [[wireSpan({ name: 'only.span', meta: { n: 1 } })]]);
    const error = await agent.waitForSpans(2, 50).catch((caught: Error) => caught);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toContain('Timed out after 50 ms waiting for 2 span(s)');
    expect((error as Error).message).toContain('Received 1 span(s) in 1 trace(s) from 1 request(s)');
    expect((error as Error).message).toContain('only.span');
    expect((error as Error).message).toContain('span.meta-type');
  });

  it('waitFor resolves with the predicate result, treating a throwing predicate as not yet', async () => {
    const agent = await start();
    const waiting = agent.waitFor((spans) => spans.find((span) => span.name === 'db.query')!.resource);
    await putV04(agent, [[wireSpan()]]);
    await putV04(agent, [[wireSpan({ name: 'db.query', resource: 'SELECT 1' })]]);
    await expect(waiting).resolves.toBe('SELECT 1');
  });

  it('waitFor also hands the predicate the store (problems, requests, traces)', async () => {
    const agent = await start();
    const waiting = agent.waitFor((_spans, store) => store.problems().find((problem) => problem.kind === 'span.meta-type'));
    await putV04(agent, [[wireSpan()]]);
    await putV04(agent, [[wireSpan({ meta: { n: 1 } })]]);
    await expect(waiting).resolves.toMatchObject({ kind: 'span.meta-type', requestId: 2 });
  });

  it('waitFor rejects when the agent closes', async () => {
    const agent = await start();
    const waiting = agent.waitFor(() => false, 10_000);
    await agent.close();
    await expect(waiting).rejects.toThrow(/closed while waiting/);
  });
});

describe('close', () => {
  it('closes idle keep-alive connections', async () => {
    const agent = await startDevAgent();
    const keepAlive = new HttpAgent({ keepAlive: true });
    const socket = await new Promise<Socket>((resolve, reject) => {
      const req = httpRequest(`${agent.url}/info`, { agent: keepAlive }, (res) => {
        res.resume();
        res.on('end', () => resolve(req.socket as Socket));
      });
      req.on('error', reject);
      req.end();
    });
    const socketClosed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    expect(socket.destroyed).toBe(false);
    await agent.close();
    await socketClosed;
    keepAlive.destroy();
    await expect(agent.close()).resolves.toBeUndefined();
  });

  it('does not wait for a request still in flight', async () => {
    const agent = await startDevAgent();
    let connected!: () => void;
    const connectedPromise = new Promise<void>((resolve) => (connected = resolve));
    const aborted = new Promise<string>((resolve) => {
      const req = httpRequest(`${agent.url}/v0.4/traces`, { method: 'PUT', headers: { 'Content-Length': '1000' } });
      req.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
      req.on('response', () => resolve('answered'));
      req.on('socket', (socket) => socket.once('connect', connected));
      req.write(Buffer.alloc(10));
    });
    await connectedPromise;
    // A second request round trip lets the server take in the first one's headers.
    await getJson(agent, '/info');
    await agent.close();
    await expect(aborted).resolves.toBe('ECONNRESET');
  });
});
