/**
 * The Agent answering with errors or nonsense, end to end through DatadogTracerProvider: 5xx and
 * 429 retried with back-off, 413 split, 400 dropped without retry, bodies that are not JSON
 * ignored. Every payload that gets through is decoded and validated by the dev agent.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { always, firstRequests, HEALTHY, startFaultyAgent } from './faulty-agent.test-support.js';
import type { FaultPlan, FaultyAgent } from './faulty-agent.test-support.js';
import { startAppServer, startTestProvider, until } from './guards.test-support.js';
import type { AppServer, TestProvider } from './guards.test-support.js';
import { expectAppKeepsWorking, expectEverySpanAccounted, expectNothingEscaped } from './expectations.test-support.js';

let agent: FaultyAgent | undefined;
let subject: TestProvider | undefined;
let app: AppServer | undefined;

async function setUp(plan: FaultPlan, protocolVersion: '0.4' | '0.5' = '0.4'): Promise<{ agent: FaultyAgent; subject: TestProvider }> {
  agent = await startFaultyAgent(plan);
  subject = startTestProvider(agent.url, { protocolVersion });
  return { agent, subject };
}

afterEach(async () => {
  await app?.close();
  await subject?.close();
  await agent?.close();
  app = subject = agent = undefined;
});

describe('HTTP error statuses', () => {
  it.each([500, 503, 429])('retries HTTP %i with back-off and delivers once the Agent accepts', async (status) => {
    const { agent, subject } = await setUp(firstRequests(2, { kind: 'status', status }));
    subject.createTraces(100);
    await subject.provider.forceFlush();
    expect(agent.attempts.map((attempt) => attempt.fault)).toEqual(['status', 'status', 'healthy']);
    expect(subject.provider.getStats()).toMatchObject({ retries: 2, spansSent: 300, spansDropped: 0, lastStatus: 200 });
    expectEverySpanAccounted(subject, agent);
    expectNothingEscaped(subject);
  });

  it('backs off between attempts while the Agent keeps failing, drops and reports the payload, then recovers', async () => {
    const { agent, subject } = await setUp(always({ kind: 'status', status: 503 }));
    app = await startAppServer(subject);
    subject.createTraces(50);
    const flushing = subject.provider.forceFlush();
    await until(() => agent.attempts.length >= 2, 'a retry');
    await expectAppKeepsWorking(subject, app, () => agent.attempts.length < 5);
    await flushing;

    // 5 attempts; the default policy waits at least 125, 250, 500, 1000 ms between them (half
    // of the doubling delay is fixed, half jittered). Timers never fire early, so these are
    // lower bounds that hold on any machine.
    expect(agent.attempts).toHaveLength(5);
    const gaps = agent.attempts.slice(1).map((attempt, i) => attempt.at - agent.attempts[i]!.at);
    [125, 250, 500, 1000].forEach((least, i) => expect(gaps[i]).toBeGreaterThanOrEqual(least - 2));
    expect(subject.provider.getStats()).toMatchObject({ lastError: 'HTTP 503', retries: 4, droppedByReason: { agentError: { spans: 150 } } });
    expect(subject.log.count('warn', /Could not deliver 50 traces .* after 5 attempts \(HTTP 503\)/)).toBe(1);

    agent.setPlan(always(HEALTHY));
    await subject.provider.forceFlush();
    expect(subject.log.count('info', /Delivering traces to the Agent .* again/)).toBe(1);
    expectEverySpanAccounted(subject, agent);
    expect(agent.receivedSpans).toBe(subject.created - 150);
    expectNothingEscaped(subject);
  });

  it.each(['0.4', '0.5'] as const)('splits a payload answered 413 until each part fits (v%s)', async (version) => {
    const maxBytes = 20_000;
    const { agent, subject } = await setUp(always({ kind: 'limit', maxBytes }), version);
    subject.createTraces(400, 4);
    await subject.provider.forceFlush();

    const statuses = agent.attempts.map((attempt) => (attempt.bytes > maxBytes ? 413 : 200));
    expect(statuses).toContain(413);
    expect(agent.dev.requests().every((request) => request.byteSize <= maxBytes)).toBe(true);
    expect(agent.dev.requests().length).toBeGreaterThan(1);
    expect(subject.provider.getStats()).toMatchObject({ spansSent: 1600, spansDropped: 0, retries: 0 });
    // Each part is a valid payload of whole traces: 400 distinct trace ids, 1600 distinct spans.
    const spans = agent.dev.spans();
    expect(new Set(spans.map((span) => span.spanId)).size).toBe(1600);
    expect(new Set(spans.map((span) => span.traceId)).size).toBe(400);
    expectEverySpanAccounted(subject, agent);
    expectNothingEscaped(subject);
  });

  it('drops a payload answered 400 without retrying, logs it once, and delivers later payloads', async () => {
    const { agent, subject } = await setUp(firstRequests(2, { kind: 'status', status: 400 }));
    subject.createTraces(10);
    await subject.provider.forceFlush();
    subject.createTraces(10);
    await subject.provider.forceFlush();
    subject.createTraces(10);
    await subject.provider.forceFlush();

    expect(agent.attempts).toHaveLength(3);
    expect(subject.provider.getStats()).toMatchObject({
      retries: 0,
      spansSent: 30,
      droppedByReason: { agentError: { traces: 20, spans: 60 } },
    });
    expect(subject.log.count('error', /HTTP 400/)).toBe(1);
    expectEverySpanAccounted(subject, agent);
    expectNothingEscaped(subject);
  });
});

describe('answers that are not what the Agent sends', () => {
  const bodies: Array<[string, string | Buffer]> = [
    ['plain text', 'OK\n'],
    ['empty', ''],
    ['binary', Buffer.from([0xff, 0xfe, 0x00, 0x7b, 0x80])],
    ['truncated JSON', '{"rate_by_service":{"service:reliability,env:":0.'],
    ['JSON null', 'null'],
    ['rates of the wrong type', '{"rate_by_service":"all of them"}'],
    ['rates out of range', '{"rate_by_service":{"service:reliability,env:":7,"service:,env:":-1}}'],
    ['a 2 MiB body', `{"rate_by_service":{"service:,env:":1},"pad":"${'x'.repeat(2 * 1024 * 1024)}"}`],
  ];

  it.each(bodies)('counts the payload as delivered and keeps sampling sane (%s)', async (_label, body) => {
    const { agent, subject } = await setUp(firstRequests(1, { kind: 'body', body }));
    subject.createTraces(20);
    await subject.provider.forceFlush();
    subject.createTraces(20);
    await subject.provider.forceFlush();

    expect(subject.provider.getStats()).toMatchObject({ spansSent: 120, spansDropped: 0, retries: 0 });
    const roots = agent.dev.spans().filter((span) => span.parentId === '0000000000000000');
    expect(roots).toHaveLength(40);
    for (const root of roots) {
      // Default sampling keeps everything; a garbled answer must not have changed that.
      expect(root.metrics._sampling_priority_v1).toBe(1);
      const agentRate = root.metrics['_dd.agent_psr'] ?? 1;
      expect(agentRate >= 0 && agentRate <= 1).toBe(true);
    }
    expectEverySpanAccounted(subject, agent);
    expectNothingEscaped(subject);
  });
});
