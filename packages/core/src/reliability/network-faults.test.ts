/**
 * Network-level Agent faults, end to end: a real DatadogTracerProvider (mapper, encoder,
 * exporter) sending to a real local server that misbehaves, with the dev agent behind it
 * validating every payload that gets through. The exporter's own unit tests cover the transport
 * details with fake encoders; these check what the app sees.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { firstRequests, startFaultyAgent } from './faulty-agent.test-support.js';
import type { FaultyAgent } from './faulty-agent.test-support.js';
import { sleep, startAppServer, startTestProvider, until } from './guards.test-support.js';
import type { AppServer, TestProvider } from './guards.test-support.js';
import { expectAppKeepsWorking, expectEverySpanAccounted, expectNothingEscaped, receivedNamed } from './expectations.test-support.js';

/** How long the Agent stays away in the outage test; the load script runs the 60 s version. */
const OUTAGE_MS = Number(process.env.DD_OTEL_TEST_OUTAGE_MS ?? 3000);

let agent: FaultyAgent;
let subject: TestProvider;
let app: AppServer;

async function setUp(plan: Parameters<typeof startFaultyAgent>[0]): Promise<void> {
  agent = await startFaultyAgent(plan);
  subject = startTestProvider(agent.url);
  app = await startAppServer(subject);
}

afterEach(async () => {
  await app?.close();
  await subject?.close();
  await agent?.close();
});

describe('the Agent is not listening', () => {
  it(`keeps the app working, retries, and resumes delivery when the Agent is back after ${OUTAGE_MS} ms`, async () => {
    await setUp(firstRequests(0, { kind: 'healthy' }));
    await agent.stop();
    let listening = false;

    subject.createTraces(100, 3, 'before');
    const flushing = subject.provider.forceFlush();
    await until(() => subject.provider.getStats()!.lastError === 'ECONNREFUSED', 'a refused connection');
    await expectAppKeepsWorking(subject, app, () => !listening);
    await sleep(OUTAGE_MS);
    await agent.start();
    listening = true;
    await flushing;

    subject.createTraces(100, 3, 'after');
    await subject.provider.forceFlush();

    const stats = subject.provider.getStats()!;
    expect(stats.retries).toBeGreaterThan(0);
    // Spans from before the Agent came back were either delivered on a retry or counted as
    // dropped; everything created after it came back arrived.
    expect(receivedNamed(agent, 'after')).toBe(300);
    expectEverySpanAccounted(subject, agent);
    expectNothingEscaped(subject);
  });
});

describe('the Agent accepts connections but never answers', () => {
  it('times the request out, keeps the app working meanwhile, and delivers on a later attempt', async () => {
    await setUp(firstRequests(2, { kind: 'hang' }));
    subject.createTraces(100);
    const flushing = subject.provider.forceFlush();
    await until(() => agent.openRequests > 0, 'a hanging request');
    // Nothing delivered yet: the Agent is still stuck on the first two attempts.
    await expectAppKeepsWorking(subject, app, () => agent.receivedSpans === 0);
    await flushing;
    await subject.provider.forceFlush();

    const stats = subject.provider.getStats()!;
    expect(stats.lastError).toBe('ETIMEDOUT');
    expect(stats.retries).toBeGreaterThanOrEqual(2);
    expect(stats.spansDropped).toBe(0);
    expectEverySpanAccounted(subject, agent);
    expectNothingEscaped(subject);
  });
});

describe('the Agent answers after 5 s', () => {
  it('gives up on the slow answer, keeps the app working meanwhile, and delivers on the retry', async () => {
    await setUp(firstRequests(1, { kind: 'slow', ms: 5000 }));
    subject.createTraces(100);
    const flushing = subject.provider.forceFlush();
    await until(() => agent.openRequests > 0, 'a slow request');
    await expectAppKeepsWorking(subject, app, () => agent.receivedSpans === 0);
    await flushing;
    await subject.provider.forceFlush();

    expect(subject.provider.getStats()).toMatchObject({ lastError: 'ETIMEDOUT', spansDropped: 0 });
    expect(agent.attempts.map((attempt) => attempt.fault)).toEqual(['slow', 'healthy', 'healthy']);
    expectEverySpanAccounted(subject, agent);
    expectNothingEscaped(subject);
  });
});

describe('the Agent resets connections', () => {
  it('retries the reset requests and delivers every span', async () => {
    await setUp(firstRequests(3, { kind: 'reset' }));
    subject.createTraces(200);
    await subject.provider.forceFlush();

    const stats = subject.provider.getStats()!;
    expect(stats.retries).toBe(3);
    expect(stats.spansDropped).toBe(0);
    expect(agent.attempts.map((attempt) => attempt.fault)).toEqual(['reset', 'reset', 'reset', 'healthy']);
    expectEverySpanAccounted(subject, agent);
    expectNothingEscaped(subject);
  });
});
