import { ROOT_CONTEXT, SpanKind, propagation, trace } from '@opentelemetry/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPropagator } from '../propagation/create-propagator.js';
import { byName, resetGlobals, startHarness } from '../testing/harness.js';
import type { Harness } from '../testing/harness.js';

/**
 * `DD_TRACE_PROPAGATION_BEHAVIOR_EXTRACT` end to end: what the Agent receives for a request whose
 * headers carry a trace this service must not join.
 */

const UPSTREAM_TRACE = '66b1f6ab000000000000000000003039'; // low 64 = 12345
const UPSTREAM_TRACESTATE = 'dd=s:-1;o:synthetics;t.dm:-4,foo=1';
const INCOMING = {
  'x-datadog-trace-id': '12345',
  'x-datadog-parent-id': '67890',
  'x-datadog-sampling-priority': '-1',
  'x-datadog-origin': 'synthetics',
  'x-datadog-tags': '_dd.p.dm=-4,_dd.p.tid=66b1f6ab00000000',
  traceparent: `00-${UPSTREAM_TRACE}-00000000000004d2-00`,
  tracestate: UPSTREAM_TRACESTATE,
  baggage: 'user.id=u1',
};

describe('propagationBehaviorExtract: restart', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness({ flushInterval: 60_000, propagationBehaviorExtract: 'restart' });
    expect(harness.provider.register()).toBe(true);
  });
  afterAll(async () => {
    resetGlobals();
    expect(harness.agent.problems()).toEqual([]);
    await harness.close();
  });

  it("sends a new trace, sampled here, whose root links to the caller's context", async () => {
    const incoming = propagation.extract(ROOT_CONTEXT, INCOMING);
    const root = harness.tracer.startSpan('restart.request', { kind: SpanKind.SERVER }, incoming);
    const child = harness.tracer.startSpan('restart.child', {}, trace.setSpan(incoming, root));
    const outgoing: Record<string, string> = {};
    propagation.inject(trace.setSpan(incoming, child), outgoing);
    child.end();
    root.end();
    const spans = await harness.collect(2);

    const sentRoot = byName(spans, 'restart.request');
    expect(sentRoot.traceId128).not.toBe(UPSTREAM_TRACE);
    expect(sentRoot.traceId128).toBe(root.spanContext().traceId);
    expect(sentRoot.parentId).toBe('0000000000000000');
    // Upstream's USER_REJECT, origin and _dd.p.* belong to its trace: this one is sampled here.
    expect(sentRoot.metrics._sampling_priority_v1).toBe(1);
    expect(sentRoot.meta['_dd.origin']).toBeUndefined();
    expect(sentRoot.meta['_dd.p.dm']).not.toBe('-4');
    expect(sentRoot.meta['_dd.parent_id']).toBeUndefined();
    expect(sentRoot.meta['baggage.user.id']).toBe('u1');
    expect(sentRoot.spanLinks).toEqual([
      {
        traceId: UPSTREAM_TRACE,
        spanId: '00000000000004d2',
        attributes: { reason: 'propagation_behavior_extract', context_headers: 'datadog' },
        tracestate: UPSTREAM_TRACESTATE,
      },
    ]);
    // The caller's USER_REJECT (−1): no `flags`, as dd-trace-js writes such a link.
    expect(JSON.parse(sentRoot.meta['_dd.span_links']!)).toEqual([
      {
        trace_id: UPSTREAM_TRACE,
        span_id: '00000000000004d2',
        attributes: { reason: 'propagation_behavior_extract', context_headers: 'datadog' },
        tracestate: UPSTREAM_TRACESTATE,
      },
    ]);

    const sentChild = byName(spans, 'restart.child');
    expect(sentChild.traceId128).toBe(sentRoot.traceId128);
    expect(sentChild.parentId).toBe(sentRoot.spanId);
    expect(sentChild.spanLinks ?? []).toEqual([]);

    // Downstream sees the new trace, and the baggage, not the caller's trace.
    expect(outgoing['x-datadog-trace-id']).not.toBe('12345');
    expect(outgoing['x-datadog-origin']).toBeUndefined();
    expect(outgoing['x-datadog-sampling-priority']).toBe('1');
    expect(outgoing.traceparent).toContain(sentRoot.traceId128);
    expect(outgoing.tracestate).not.toContain('foo=1');
    expect(outgoing.baggage).toBe('user.id=u1');
  });
});

describe('propagationBehaviorExtract: ignore', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness({ flushInterval: 60_000, propagationBehaviorExtract: 'ignore' });
  });
  afterAll(() => harness.close());

  it('sends a new trace with no link and no baggage tags', async () => {
    const incoming = createPropagator(harness.provider.config).extract(ROOT_CONTEXT, INCOMING, {
      get: (carrier, key) => (carrier as Record<string, string>)[key],
      keys: (carrier) => Object.keys(carrier as object),
    });
    harness.tracer.startSpan('ignore.request', { kind: SpanKind.SERVER }, incoming).end();
    const [sent] = await harness.collect(1);
    expect(sent!.traceId128).not.toBe(UPSTREAM_TRACE);
    expect(sent!.parentId).toBe('0000000000000000');
    expect(sent!.metrics._sampling_priority_v1).toBe(1);
    expect(sent!.meta['baggage.user.id']).toBeUndefined();
    expect(sent!.meta['_dd.span_links']).toBeUndefined();
    expect(sent!.spanLinks ?? []).toEqual([]);
  });
});
