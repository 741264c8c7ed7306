/**
 * Property: whatever an app passes to the OTel API (any JS value as name, key, value, time,
 * status, link, exception or option, in any order, `end()` twice), nothing throws into the app,
 * every recording span reaches the Agent, every payload decodes and passes the dev agent's
 * validation (Agent decoder rules, valid UTF-8), and strings respect the Agent's limits.
 * Runs for v0.4 (native span events and meta JSON) and v0.5.
 */
import fc from 'fast-check';
import type { DevAgentSpan } from '@dd-otel/dev-agent';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { always, HEALTHY, startFaultyAgent } from './faulty-agent.test-support.js';
import type { FaultyAgent } from './faulty-agent.test-support.js';
import { createPropagator } from '../propagation/create-propagator.js';
import { startTestProvider } from './guards.test-support.js';
import type { TestProvider } from './guards.test-support.js';
import { playScript } from './hostile-script.test-support.js';
import { anySpanScript } from './hostile-values.test-support.js';

const RUNS = Number(process.env.DD_OTEL_FUZZ_RUNS ?? 120);
/** Fixed by default so CI replays the same inputs; set DD_OTEL_FUZZ_SEED to explore others. */
const SEED = Number(process.env.DD_OTEL_FUZZ_SEED ?? 20_251_130);

/** The Agent's truncation (spec §7.3), applied by the tracer so the Agent never has to. */
function limitViolations(span: DevAgentSpan): string[] {
  const problems: string[] = [];
  if (span.name.length > 100) problems.push(`name has ${span.name.length} chars`);
  if (span.service.length > 100) problems.push(`service has ${span.service.length} chars`);
  if (span.resource.length > 5000) problems.push(`resource has ${span.resource.length} chars`);
  if (span.name === '') problems.push('empty name');
  if (span.service === '') problems.push('empty service');
  if (span.resource === '') problems.push('empty resource');
  for (const [key, value] of Object.entries(span.meta)) {
    if (key.length > 203) problems.push(`meta key of ${key.length} chars`);
    if (value.length > 25_003) problems.push(`meta.${key.slice(0, 40)} has ${value.length} chars`);
  }
  for (const [key, value] of Object.entries(span.metrics)) {
    if (key.length > 203) problems.push(`metrics key of ${key.length} chars`);
    if (Number.isNaN(value)) problems.push(`metrics.${key.slice(0, 40)} is NaN`);
  }
  return problems;
}

const configurations = [
  { label: 'v0.4, native span events', protocolVersion: '0.4', nativeSpanEvents: true },
  { label: 'v0.4, span events as meta JSON', protocolVersion: '0.4', nativeSpanEvents: false },
  { label: 'v0.5', protocolVersion: '0.5', nativeSpanEvents: false },
] as const;

describe.each(configurations)('hostile input through the OTel API ($label)', ({ protocolVersion, nativeSpanEvents }) => {
  let agent: FaultyAgent;
  let subject: TestProvider;

  beforeAll(async () => {
    agent = await startFaultyAgent(always(HEALTHY));
    subject = startTestProvider(agent.url, { protocolVersion, nativeSpanEvents });
  });
  afterAll(async () => {
    await subject?.close();
    await agent?.close();
  });

  it('never throws, loses no span, and only produces valid payloads within the Agent limits', async () => {
    let calls = 0;
    // Every injection style, so each encoder of the outgoing context sees the hostile spans.
    const propagator = createPropagator({
      ...subject.provider.config,
      propagationInject: ['datadog', 'tracecontext', 'b3', 'b3multi', 'baggage'],
    });
    await fc.assert(
      fc.asyncProperty(anySpanScript, async (script) => {
        agent.dev.clear();
        const receivedBefore = agent.receivedSpans;
        const errorsBefore = subject.log.messages.filter((m) => m.level === 'error').length;

        const outcome = playScript(subject.tracer, propagator, script);
        calls += outcome.calls;
        await subject.provider.forceFlush();

        expect(outcome.escaped).toEqual([]);
        expect(agent.dev.problems()).toEqual([]);
        expect(agent.receivedSpans - receivedBefore).toBe(outcome.recordingSpans);
        expect(agent.dev.spans().flatMap(limitViolations)).toEqual([]);
        const newErrors = subject.log.messages.filter((m) => m.level === 'error').slice(errorsBefore);
        expect(newErrors.map((m) => m.text)).toEqual([]);
      }),
      { numRuns: RUNS, seed: SEED, endOnFailure: false },
    );
    expect(calls).toBeGreaterThan(RUNS * 3);
    expect(subject.faults.unhandledRejections).toEqual([]);
    expect(subject.faults.uncaughtExceptions).toEqual([]);
    expect(subject.provider.getStats()!.spansDropped).toBe(0);
  }, 120_000);
});
