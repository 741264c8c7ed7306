import { ROOT_CONTEXT, TraceFlags, propagation, trace } from '@opentelemetry/api';
import type { DevAgentSpan } from '@dd-otel/dev-agent';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { resetGlobals, startHarness } from '../testing/harness.js';
import type { Harness } from '../testing/harness.js';

/**
 * The sampling decision is lazy (spec §5.1): made when the trace is first exported, or earlier
 * when something needs it (`inject()`, `traceFlags`), so rules see the local root's attributes
 * as they are then, as dd-trace-js does. A web plugin names the request span's resource when the
 * response ends; rules on resources and late tags must match it.
 */

let harness: Harness;

beforeAll(async () => {
  harness = await startHarness({
    flushInterval: 60_000,
    rateLimit: -1,
    samplingRules: [
      { resource: 'GET /health', sampleRate: 0 },
      { tags: { 'http.status_code': '5*' }, sampleRate: 1 },
    ],
  });
});

afterAll(() => harness.close());

beforeEach(() => harness.agent.clear());

const tracer = () => harness.tracer;

async function exportedRoot(name: string): Promise<DevAgentSpan> {
  await harness.provider.forceFlush();
  return harness.agent.waitFor((spans) => spans.find((span) => span.name === name));
}

/** A root span that gets `key` only after it started, as a web plugin sets it at the response. */
async function rootWithLateAttribute(name: string, key: string, value: string): Promise<DevAgentSpan> {
  const span = tracer().startSpan(name, {}, ROOT_CONTEXT);
  span.setAttribute(key, value);
  span.end();
  return exportedRoot(name);
}

describe('lazy sampling decision', () => {
  it('matches a resource rule on a resource.name set after the root started', async () => {
    const root = await rootWithLateAttribute('web.request.health', 'resource.name', 'GET /health');
    expect(root.resource).toBe('GET /health');
    expect(root.metrics._sampling_priority_v1).toBe(-1);
    expect(root.metrics['_dd.rule_psr']).toBe(0);
    expect(root.meta['_dd.p.dm']).toBeUndefined();
  });

  it('leaves other resources to the Agent rates', async () => {
    const root = await rootWithLateAttribute('web.request.users', 'resource.name', 'GET /users/:id');
    expect(root.metrics._sampling_priority_v1).toBe(1);
    expect(root.metrics['_dd.agent_psr']).toBe(1);
    expect(root.metrics['_dd.rule_psr']).toBeUndefined();
  });

  it('matches a tag rule on an attribute set when the request ended', async () => {
    const root = await rootWithLateAttribute('web.request.failed', 'http.status_code', '503');
    expect(root.metrics._sampling_priority_v1).toBe(2);
    expect(root.meta['_dd.p.dm']).toBe('-3');
  });

  it('decides for the whole trace on its local root when a child chunk is exported first', async () => {
    const root = tracer().startSpan('web.request.partial', {}, ROOT_CONTEXT);
    root.setAttribute('resource.name', 'GET /health');
    const child = tracer().startSpan('child.of.partial', {}, trace.setSpan(ROOT_CONTEXT, root));
    child.end();
    root.end();
    await harness.provider.forceFlush();
    const spans = await harness.agent.waitFor((all) => {
      const found = all.filter((span) => span.name === 'web.request.partial' || span.name === 'child.of.partial');
      return found.length === 2 ? found : undefined;
    });
    expect(spans.find((span) => span.name === 'web.request.partial')?.metrics._sampling_priority_v1).toBe(-1);
  });

  it('decides when traceFlags are read, and keeps that decision', async () => {
    const span = tracer().startSpan('web.request.early', {}, ROOT_CONTEXT);
    // Nothing matches yet: the Agent rate (1) keeps the trace, and the flag says so.
    expect(span.spanContext().traceFlags).toBe(TraceFlags.SAMPLED);
    span.setAttribute('resource.name', 'GET /health');
    span.end();
    const root = await exportedRoot('web.request.early');
    expect(root.metrics._sampling_priority_v1).toBe(1);
    expect(root.metrics['_dd.rule_psr']).toBeUndefined();
  });

  it('decides at inject(), before the headers are written, and sends that decision', async () => {
    expect(harness.provider.register()).toBe(true);
    try {
      const span = tracer().startSpan('web.request.outgoing', {}, ROOT_CONTEXT);
      span.setAttribute('resource.name', 'GET /health');
      const headers: Record<string, string> = {};
      propagation.inject(trace.setSpan(ROOT_CONTEXT, span), headers);
      expect(headers['x-datadog-sampling-priority']).toBe('-1');
      expect(headers.traceparent).toMatch(/-00$/);
      span.end();
      const root = await exportedRoot('web.request.outgoing');
      expect(root.metrics._sampling_priority_v1).toBe(-1);
    } finally {
      resetGlobals();
    }
  });

  it('reports a dropped trace in traceFlags once the resource is known', () => {
    const span = tracer().startSpan('web.request.late-read', {}, ROOT_CONTEXT);
    span.setAttribute('resource.name', 'GET /health');
    expect(span.spanContext().traceFlags).toBe(TraceFlags.NONE);
    expect(span.spanContext().traceState?.get('dd')).toContain('s:-1');
    span.end();
  });
});
