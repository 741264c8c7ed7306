import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unpack } from 'msgpackr';
import { describe, expect, it, vi } from 'vitest';
import { AgentExporter } from './agent-exporter.js';
import { decodeTraces, DEFAULT_RATES, makeChunk } from './test-support.js';
import type { FakeAgent, FakeAgentHandler } from './test-support.js';
import { useExporterFixtures } from './exporter-fixtures.test-support.js';

const { agent: startAgent, exporter, cleanups } = useExporterFixtures();

function agent(handler?: FakeAgentHandler, socketPath?: string): Promise<FakeAgent> {
  return startAgent(handler, socketPath === undefined ? {} : { socketPath });
}

describe('AgentExporter requests', () => {
  it('sends PUT /v0.4/traces with exactly the spec §7.2 headers', async () => {
    const fake = await agent();
    const subject = exporter(fake.url);
    subject.export(makeChunk(2));
    await subject.flush();

    expect(fake.traceRequests).toHaveLength(1);
    const [request] = fake.traceRequests;
    expect(request!.method).toBe('PUT');
    expect(request!.url).toBe('/v0.4/traces');
    expect(request!.rawHeaderNames.filter((name) => name !== 'Host' && name !== 'Connection').sort()).toEqual(
      [
        'Content-Type',
        'Content-Length',
        'Datadog-Meta-Lang',
        'Datadog-Meta-Lang-Version',
        'Datadog-Meta-Lang-Interpreter',
        'Datadog-Meta-Tracer-Version',
        'X-Datadog-Trace-Count',
      ].sort(),
    );
    expect(request!.headers).toMatchObject({
      'content-type': 'application/msgpack',
      'content-length': String(request!.body.length),
      'datadog-meta-lang': 'nodejs',
      'datadog-meta-lang-version': process.version,
      'datadog-meta-lang-interpreter': 'v8',
      'datadog-meta-tracer-version': '1.2.3',
      'x-datadog-trace-count': '1',
    });
  });

  it('adds the container headers when a container id is known', async () => {
    const fake = await agent();
    const containerId = 'a'.repeat(64);
    const subject = exporter(fake.url, { containerIdentity: { containerId, entityId: `ci-${containerId}` } });
    subject.export(makeChunk());
    await subject.flush();
    expect(fake.traceRequests[0]!.headers['datadog-container-id']).toBe(containerId);
    expect(fake.traceRequests[0]!.headers['datadog-entity-id']).toBe(`ci-${containerId}`);
  });

  it('adds Datadog-External-Env when DD_EXTERNAL_ENV is configured', async () => {
    const fake = await agent();
    const externalEnv = 'it-false,cn-web,pu-75a2b6d5-3949-4afb-ad0d-92ff0674e759';
    const subject = exporter(fake.url, {}, { externalEnv });
    subject.export(makeChunk());
    await subject.flush();
    expect(fake.traceRequests[0]!.headers['datadog-external-env']).toBe(externalEnv);
    expect(fake.traceRequests[0]!.rawHeaderNames).toContain('Datadog-External-Env');
  });

  it('counts the chunks of a payload in X-Datadog-Trace-Count', async () => {
    const fake = await agent();
    const subject = exporter(fake.url);
    const chunks = [makeChunk(1), makeChunk(3), makeChunk(2)];
    for (const chunk of chunks) subject.export(chunk);
    await subject.flush();

    expect(fake.traceRequests).toHaveLength(1);
    expect(fake.traceRequests[0]!.headers['x-datadog-trace-count']).toBe('3');
    expect(decodeTraces(fake.traceRequests[0]!.body)).toEqual(chunks);
    expect(subject.getStats()).toMatchObject({ tracesSent: 3, spansSent: 6, payloadsSent: 1, tracesQueued: 3 });
  });

  it('sends the real v0.5 msgpack encoding by default', async () => {
    const fake = await agent();
    const subject = new AgentExporter({
      config: { agentUrl: fake.url, protocolVersion: '0.5', flushIntervalMs: 60_000, maxQueuedBytes: 1 << 24 },
      tracerVersion: '1.2.3',
    });
    cleanups.push(() => subject.shutdown());
    subject.export(makeChunk(2));
    await subject.flush();

    expect(fake.traceRequests[0]!.url).toBe('/v0.5/traces');
    const [strings, traces] = unpack(fake.traceRequests[0]!.body) as [string[], unknown[][][]];
    expect(traces).toHaveLength(1);
    expect(traces[0]).toHaveLength(2);
    expect(strings[traces[0]![0]![1] as number]).toBe('test.op');
  });

  it('hands rate_by_service from the answer to onRates', async () => {
    const fake = await agent();
    const onRates = vi.fn();
    const subject = exporter(fake.url, { onRates });
    subject.export(makeChunk());
    await subject.flush();
    expect(onRates).toHaveBeenCalledTimes(1);
    expect(onRates).toHaveBeenCalledWith(DEFAULT_RATES);
  });

  it.each(['OK\n', '', '{"rate_by_service":', '{"other":1}', '[1,2]'])(
    'ignores an answer without rates (%j) and still counts the traces as sent',
    async (body) => {
      const fake = await agent((_, res) => res.writeHead(200).end(body));
      const onRates = vi.fn();
      const subject = exporter(fake.url, { onRates });
      subject.export(makeChunk());
      await subject.flush();
      expect(onRates).not.toHaveBeenCalled();
      expect(subject.getStats()).toMatchObject({ tracesSent: 1, lastStatus: 200 });
    },
  );

  it('survives an onRates callback that throws', async () => {
    const fake = await agent();
    const subject = exporter(fake.url, {
      onRates: () => {
        throw new Error('boom');
      },
    });
    subject.export(makeChunk());
    await expect(subject.flush()).resolves.toBeUndefined();
    expect(subject.getStats().tracesSent).toBe(1);
  });

  it('works over a unix socket', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'dd-otel-uds-'));
    cleanups.push(async () => rmSync(directory, { recursive: true, force: true }));
    const fake = await agent(undefined, join(directory, 'apm.socket'));
    const subject = exporter(fake.url);
    subject.export(makeChunk());
    await subject.flush();
    expect(fake.traceRequests).toHaveLength(1);
    expect(subject.getStats().tracesSent).toBe(1);
  });
});

describe('AgentExporter /info', () => {
  it('learns span_events support at the first export', async () => {
    const fake = await agent();
    const subject = exporter(fake.url);
    expect(subject.supportsSpanEvents).toBe(false);
    expect(fake.infoRequests).toHaveLength(0);
    subject.export(makeChunk());
    await vi.waitFor(() => expect(subject.supportsSpanEvents).toBe(true));
    subject.export(makeChunk());
    expect(fake.infoRequests).toHaveLength(1);
  });

  it('stays false when the Agent does not advertise span_events', async () => {
    const fake = await agent((request, res) => res.writeHead(200).end(request.url === '/info' ? '{"version":"7.40.0"}' : '{}'));
    const subject = exporter(fake.url);
    subject.export(makeChunk());
    await vi.waitFor(() => expect(fake.infoRequests).toHaveLength(1));
    await subject.flush();
    expect(subject.supportsSpanEvents).toBe(false);
  });

  it('asks again after a failure, but not before the retry interval', async () => {
    let infoAnswers = 0;
    const fake = await agent((request, res) => {
      if (request.url !== '/info') return void res.writeHead(200).end('{}');
      infoAnswers++;
      if (infoAnswers === 1) res.writeHead(500).end('down');
      else res.writeHead(200).end('{"span_events":true}');
    });
    const slow = exporter(fake.url, { infoRetryIntervalMs: 3_600_000 });
    slow.export(makeChunk());
    await vi.waitFor(() => expect(infoAnswers).toBe(1));
    await new Promise((resolve) => setImmediate(resolve));
    slow.export(makeChunk());
    expect(fake.infoRequests).toHaveLength(1);
    expect(slow.supportsSpanEvents).toBe(false);

    const eager = exporter(fake.url, { infoRetryIntervalMs: 0 });
    eager.export(makeChunk());
    await vi.waitFor(() => expect(eager.supportsSpanEvents).toBe(true));
  });
});

describe('AgentExporter flushing', () => {
  it('flushes on its own after flushIntervalMs', async () => {
    const fake = await agent();
    const subject = exporter(fake.url, {}, { flushIntervalMs: 20 });
    subject.export(makeChunk());
    subject.export(makeChunk());
    await vi.waitFor(() => expect(fake.traceRequests).toHaveLength(1));
    expect(fake.traceRequests[0]!.headers['x-datadog-trace-count']).toBe('2');
  });

  it('flushes at once when the pending payload passes the size threshold', async () => {
    const fake = await agent();
    const subject = exporter(fake.url, { flushThresholdBytes: 2000 });
    subject.export(makeChunk(1, 1500));
    expect(fake.traceRequests).toHaveLength(0);
    subject.export(makeChunk(1, 1500));
    await vi.waitFor(() => expect(fake.traceRequests).toHaveLength(1));
    expect(fake.traceRequests[0]!.headers['x-datadog-trace-count']).toBe('2');
  });

  it('sends every chunk without waiting when flushIntervalMs is 0, coalescing while busy', async () => {
    const fake = await agent();
    const subject = exporter(fake.url, {}, { flushIntervalMs: 0 });
    for (let i = 0; i < 5; i++) subject.export(makeChunk());
    await vi.waitFor(() => expect(subject.getStats().tracesSent).toBe(5));
    // The first chunk leaves alone; the four queued behind it travel together.
    expect(fake.traceRequests.map((r) => r.headers['x-datadog-trace-count'])).toEqual(['1', '4']);
  });

  it('resolves flush() at once when nothing is pending', async () => {
    const fake = await agent();
    const subject = exporter(fake.url);
    await subject.flush();
    expect(fake.traceRequests).toHaveLength(0);
  });
});

describe('AgentExporter shutdown', () => {
  it('flushes, is idempotent, and drops and counts later exports', async () => {
    const fake = await agent();
    const subject = exporter(fake.url);
    subject.export(makeChunk(2));
    const first = subject.shutdown();
    const second = subject.shutdown();
    expect(second).toBe(first);
    await Promise.all([first, second, subject.flush()]);
    expect(fake.traceRequests).toHaveLength(1);

    subject.export(makeChunk(3));
    await subject.flush();
    await subject.shutdown();
    expect(fake.traceRequests).toHaveLength(1);
    expect(subject.getStats()).toMatchObject({
      tracesSent: 1,
      tracesDropped: 1,
      spansDropped: 3,
      droppedByReason: { shutdown: { traces: 1, spans: 3 } },
    });
  });

  it('gives up after shutdownTimeoutMs when the Agent never answers', async () => {
    const fake = await agent((request, res) => {
      if (request.url === '/info') res.writeHead(404).end();
      // Trace requests are never answered.
    });
    const subject = exporter(fake.url, { shutdownTimeoutMs: 50, requestTimeoutMs: 60_000 });
    subject.export(makeChunk());
    await subject.shutdown();
    expect(subject.getStats().droppedByReason.shutdown.traces).toBe(1);
    expect(subject.getStats().tracesSent).toBe(0);
  });
});

describe('AgentExporter input checks', () => {
  it('rejects a bad agent URL with a TypeError naming agentUrl', () => {
    expect(() => exporter('ftp://example')).toThrow(/agentUrl/);
    expect(() => exporter('not a url')).toThrow(TypeError);
  });

  it('rejects a bad option with a TypeError naming it', () => {
    expect(() => exporter('http://127.0.0.1:1', { requestTimeoutMs: -1 })).toThrow(/requestTimeoutMs/);
    expect(() => exporter('http://127.0.0.1:1', {}, { protocolVersion: '0.7' })).toThrow(/protocolVersion/);
  });

  it('ignores non-chunks and empty chunks without throwing', async () => {
    const fake = await agent();
    const subject = exporter(fake.url);
    subject.export([]);
    subject.export(undefined as never);
    await subject.flush();
    expect(fake.traceRequests).toHaveLength(0);
  });
});
