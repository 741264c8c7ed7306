import { describe, expect, it, vi } from 'vitest';
import { captureDiag, decodeTraces, findClosedPort, makeChunk, PlainRecordEncoder, plainEncodedSize } from './test-support.js';
import type { CapturedDiag, FakeAgent, FakeAgentHandler } from './test-support.js';
import { useExporterFixtures } from './exporter-fixtures.test-support.js';

const { agent: startAgent, exporter, cleanups } = useExporterFixtures({
  retry: { initialDelayMs: 5, maxDelayMs: 20, maxAttempts: 5 },
  // Some agents here never answer; cleanup must not wait the default 5 s for them.
  shutdownTimeoutMs: 200,
});

function agent(handler: FakeAgentHandler, port?: number): Promise<FakeAgent> {
  return startAgent(handler, port === undefined ? {} : { port });
}

function diagnostics(): CapturedDiag {
  const captured = captureDiag();
  cleanups.push(() => captured.restore());
  return captured;
}

/** Answers trace requests with `statuses` in turn, then 200; `/info` with 404. */
function answering(...statuses: number[]): FakeAgentHandler {
  let next = 0;
  return (request, res) => {
    if (request.url === '/info') return void res.writeHead(404).end();
    const status = statuses[next++] ?? 200;
    res.writeHead(status).end(status === 200 ? '{"rate_by_service":{}}' : 'error');
  };
}

describe('AgentExporter retries', () => {
  it('retries a refused connection and delivers once an Agent listens on the port', async () => {
    const port = await findClosedPort();
    const subject = exporter(`http://127.0.0.1:${port}`, { retry: { initialDelayMs: 50, maxDelayMs: 50, maxAttempts: 100 } });
    subject.export(makeChunk(2));
    const flushed = subject.flush();
    await vi.waitFor(() => expect(subject.getStats().lastError).toBe('ECONNREFUSED'));

    const fake = await agent(answering(), port);
    await flushed;
    expect(fake.traceRequests).toHaveLength(1);
    expect(subject.getStats()).toMatchObject({ tracesSent: 1, spansSent: 2, tracesDropped: 0 });
    expect(subject.getStats().retries).toBeGreaterThan(0);
  });

  it.each([500, 503, 429, 408])('retries HTTP %i with back-off until the Agent accepts', async (status) => {
    const fake = await agent(answering(status, status));
    const subject = exporter(fake.url);
    subject.export(makeChunk());
    await subject.flush();
    expect(fake.traceRequests).toHaveLength(3);
    expect(subject.getStats()).toMatchObject({ tracesSent: 1, retries: 2, lastStatus: 200, payloadsFailed: 0 });
  });

  it('retries a connection reset by the Agent', async () => {
    let resets = 0;
    const fake = await agent((request, res) => {
      if (request.url === '/info') return void res.writeHead(404).end();
      if (resets++ < 2) return void res.socket?.destroy();
      res.writeHead(200).end('{}');
    });
    const subject = exporter(fake.url);
    subject.export(makeChunk());
    await subject.flush();
    expect(fake.traceRequests).toHaveLength(3);
    expect(subject.getStats()).toMatchObject({ tracesSent: 1, retries: 2 });
  });

  it('drops and counts a payload after the last failed attempt, then delivers later payloads', async () => {
    const log = diagnostics();
    const fake = await agent(answering(503, 503, 503, 503, 503, 503, 503, 503));
    const subject = exporter(fake.url, { retry: { initialDelayMs: 1, maxDelayMs: 1, maxAttempts: 4 } });
    subject.export(makeChunk(3));
    await subject.flush();
    subject.export(makeChunk(1));
    await subject.flush();
    expect(subject.getStats()).toMatchObject({
      tracesSent: 0,
      payloadsFailed: 2,
      retries: 6,
      droppedByReason: { agentError: { traces: 2, spans: 4 } },
      lastError: 'HTTP 503',
    });
    // One warning for the whole outage, not one per payload.
    expect(log.count('warn', /Could not deliver/)).toBe(1);

    subject.export(makeChunk(1));
    await subject.flush();
    expect(subject.getStats()).toMatchObject({ tracesSent: 1, payloadsSent: 1 });
    expect(log.count('info', /again/)).toBe(1);
  });

  it('times out an Agent that never answers, and flush() still resolves', async () => {
    const fake = await agent((request, res) => {
      if (request.url === '/info') res.writeHead(404).end();
    });
    const subject = exporter(fake.url, { requestTimeoutMs: 50, retry: { initialDelayMs: 1, maxAttempts: 2 } });
    subject.export(makeChunk());
    await subject.flush();
    expect(fake.traceRequests).toHaveLength(2);
    expect(subject.getStats()).toMatchObject({ lastError: 'ETIMEDOUT', droppedByReason: { agentError: { traces: 1 } } });
  });
});

describe('AgentExporter refused payloads', () => {
  it('drops a payload answered 400 without retrying and logs one error', async () => {
    const log = diagnostics();
    const fake = await agent(answering(400, 400));
    const subject = exporter(fake.url);
    subject.export(makeChunk(2));
    await subject.flush();
    subject.export(makeChunk(1));
    await subject.flush();
    expect(fake.traceRequests).toHaveLength(2);
    expect(subject.getStats()).toMatchObject({
      retries: 0,
      lastStatus: 400,
      droppedByReason: { agentError: { traces: 2, spans: 3 } },
    });
    expect(log.count('error', /HTTP 400/)).toBe(1);
  });

  it('drops a payload answered 404 without retrying', async () => {
    const fake = await agent(answering(404));
    const subject = exporter(fake.url);
    subject.export(makeChunk());
    await subject.flush();
    expect(fake.traceRequests).toHaveLength(1);
    expect(subject.getStats().droppedByReason.agentError.traces).toBe(1);
  });

  it('splits a payload answered 413 into halves until each fits', async () => {
    const limit = 2500;
    const fake = await agent((request, res) => {
      if (request.url === '/info') return void res.writeHead(404).end();
      if (request.body.length > limit) return void res.writeHead(413).end('too large');
      res.writeHead(200).end('{}');
    });
    const subject = exporter(fake.url);
    const chunks = [makeChunk(1, 1000), makeChunk(2, 400), makeChunk(1, 1000), makeChunk(1, 1000), makeChunk(1, 10)];
    for (const chunk of chunks) subject.export(chunk);
    await subject.flush();

    const accepted = fake.traceRequests.filter((r) => r.body.length <= limit);
    const delivered = accepted.flatMap((r) => decodeTraces(r.body));
    expect(delivered).toEqual(chunks);
    expect(accepted.every((r) => r.headers['x-datadog-trace-count'] === String(decodeTraces(r.body).length))).toBe(true);
    expect(subject.getStats()).toMatchObject({ tracesSent: 5, spansSent: 6, tracesDropped: 0, lastStatus: 200 });
  });

  it('drops a single trace that is still too large', async () => {
    const log = diagnostics();
    const fake = await agent((request, res) => {
      if (request.url === '/info') return void res.writeHead(404).end();
      res.writeHead(request.body.length > 1000 ? 413 : 200).end('{}');
    });
    const subject = exporter(fake.url);
    subject.export(makeChunk(1, 5000));
    subject.export(makeChunk(1, 10));
    await subject.flush();
    expect(subject.getStats()).toMatchObject({
      tracesSent: 1,
      droppedByReason: { agentError: { traces: 1, spans: 1 } },
    });
    expect(log.count('error', /single trace/)).toBe(1);
  });
});

describe('AgentExporter memory bound', () => {
  it('drops and counts chunks past maxQueuedBytes, warning once per burst', async () => {
    const log = diagnostics();
    const fake = await agent((request, res) => {
      if (request.url === '/info') res.writeHead(404).end();
      // Trace requests hang: everything stays queued.
    });
    const maxQueuedBytes = 10_000;
    const subject = exporter(fake.url, { requestTimeoutMs: 60_000 }, { maxQueuedBytes });
    const chunkBytes = plainEncodedSize(makeChunk(1, 500));
    for (let i = 0; i < 100; i++) subject.export(makeChunk(1, 500));

    const stats = subject.getStats();
    expect(stats.queuedBytes).toBeLessThanOrEqual(maxQueuedBytes + chunkBytes);
    expect(stats.tracesQueued).toBeGreaterThan(0);
    expect(stats.droppedByReason.queueFull.traces).toBe(100 - stats.tracesQueued);
    expect(stats.tracesDropped).toBe(100 - stats.tracesQueued);
    expect(log.count('warn', /Dropping traces/)).toBe(1);
  });

  it('accepts chunks again once the Agent acknowledged the queued bytes', async () => {
    // Trace requests wait until the test opens the gate, then all are answered.
    const waiting: Array<() => void> = [];
    let open = false;
    const fake = await agent((request, res) => {
      if (request.url === '/info') return void res.writeHead(404).end();
      const answer = (): void => void res.writeHead(200).end('{}');
      if (open) answer();
      else waiting.push(answer);
    });
    const subject = exporter(fake.url, { requestTimeoutMs: 60_000 }, { maxQueuedBytes: 4000 });
    for (let i = 0; i < 20; i++) subject.export(makeChunk(1, 500));
    const flushed = subject.flush();
    await vi.waitFor(() => expect(waiting.length).toBeGreaterThan(0));
    subject.export(makeChunk(1, 500));
    const refused = subject.getStats().droppedByReason.queueFull.traces;
    expect(refused).toBeGreaterThan(0);

    open = true;
    for (const answer of waiting) answer();
    await flushed;
    subject.export(makeChunk(1, 500));
    expect(subject.getStats().droppedByReason.queueFull.traces).toBe(refused);
  });
});

describe('AgentExporter resilience', () => {
  it('drops only the chunk the encoder cannot encode', async () => {
    const log = diagnostics();
    const fake = await agent(answering());
    const poisoned = makeChunk(2);
    class PickyEncoder extends PlainRecordEncoder {
      override append(chunk: Parameters<PlainRecordEncoder['append']>[0]): void {
        if (chunk === poisoned) throw new Error('cannot encode');
        super.append(chunk);
      }
    }
    const subject = exporter(fake.url, { createEncoder: () => new PickyEncoder() });
    const good = [makeChunk(1), makeChunk(1)];
    subject.export(good[0]!);
    expect(() => subject.export(poisoned)).not.toThrow();
    subject.export(good[1]!);
    await subject.flush();
    expect(decodeTraces(fake.traceRequests[0]!.body)).toEqual(good);
    expect(subject.getStats()).toMatchObject({ tracesSent: 2, droppedByReason: { encodeError: { traces: 1, spans: 2 } } });
    expect(log.count('error', /Could not encode/)).toBe(1);
  });

  it('resolves concurrent flush() calls once their payloads are delivered', async () => {
    const fake = await agent(answering(503, 503));
    const subject = exporter(fake.url);
    subject.export(makeChunk());
    const first = subject.flush();
    subject.export(makeChunk());
    const second = subject.flush();
    await Promise.all([first, second]);
    expect(subject.getStats()).toMatchObject({ tracesSent: 2, payloadsSent: 2, retries: 2 });
  });
});
