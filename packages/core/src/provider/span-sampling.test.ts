import { ROOT_CONTEXT, trace } from '@opentelemetry/api';
import type { DevAgentSpan } from '@dd-otel/dev-agent';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startHarness } from '../testing/harness.js';
import type { Harness } from '../testing/harness.js';

/**
 * Single-span sampling end to end: in traces the trace sampler drops, spans a
 * `spanSamplingRules` rule keeps carry `_dd.span_sampling.*` (the Agent then keeps them alone);
 * kept traces are left as they are.
 */

let harness: Harness;

beforeAll(async () => {
  harness = await startHarness({
    flushInterval: 60_000,
    samplingRules: [{ sampleRate: 0 }],
    spanSamplingRules: [{ name: 'db.query', maxPerSecond: 100 }],
  });
});

afterAll(() => harness.close());

beforeEach(() => harness.agent.clear());

/** A `web.request` root with a `db.query` child; `rootAttributes` go on the root at start. */
async function exportedTrace(rootName: string, rootAttributes: Record<string, string | number> = {}): Promise<DevAgentSpan[]> {
  const tracer = harness.tracer;
  const root = tracer.startSpan(rootName, { attributes: rootAttributes }, ROOT_CONTEXT);
  const child = tracer.startSpan('db.query', {}, trace.setSpan(ROOT_CONTEXT, root));
  // An app attribute under a key the tracer owns: the sampler's value is written, once.
  child.setAttribute('_dd.span_sampling.mechanism', 99);
  child.end();
  root.end();
  await harness.provider.forceFlush();
  return harness.agent.waitFor((spans) => {
    const found = spans.filter((span) => span.name === 'db.query' || span.name === rootName);
    return found.length === 2 ? found : undefined;
  });
}

describe('single-span sampling', () => {
  it('marks the spans a rule keeps in a dropped trace, and only those', async () => {
    const spans = await exportedTrace('web.request');
    const root = spans.find((span) => span.name === 'web.request')!;
    const query = spans.find((span) => span.name === 'db.query')!;
    expect(root.metrics._sampling_priority_v1).toBe(-1);
    expect(root.metrics['_dd.span_sampling.mechanism']).toBeUndefined();
    expect(query.metrics).toMatchObject({
      '_dd.span_sampling.mechanism': 8,
      '_dd.span_sampling.rule_rate': 1,
      '_dd.span_sampling.max_per_second': 100,
    });
  });

  it('leaves the spans of a kept trace alone', async () => {
    const spans = await exportedTrace('web.request.kept', { 'manual.keep': 1 });
    const query = spans.find((span) => span.name === 'db.query')!;
    expect(spans.find((span) => span.name === 'web.request.kept')!.metrics._sampling_priority_v1).toBe(2);
    expect(query.metrics['_dd.span_sampling.rule_rate']).toBeUndefined();
    // Not kept by a rule: the app's own value stays.
    expect(query.metrics['_dd.span_sampling.mechanism']).toBe(99);
  });
});
