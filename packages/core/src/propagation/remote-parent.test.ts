import { ROOT_CONTEXT, TraceFlags } from '@opentelemetry/api';
import type { SpanContext } from '@opentelemetry/api';
import { TraceState } from '@opentelemetry/core';
import { describe, expect, it } from 'vitest';
import { createTrace } from '../sampling/trace-fixture.test-support.js';
import { toRemoteSpanContext } from './extracted-context.js';
import { setExtractedSamplingPriority } from './extraction-results.js';
import { applyExtractedSamplingDecision, applyRemoteParent, resolveRemotePriority } from './remote-parent.js';

const TRACE_ID = '66b1f6ab00000000' + '1234567890abcdef';

function parent(traceFlags: number, traceState?: string): SpanContext {
  return {
    traceId: TRACE_ID,
    spanId: '00000000000004d2',
    traceFlags,
    isRemote: true,
    traceState: traceState === undefined ? undefined : new TraceState(traceState),
  };
}

describe('resolveRemotePriority (spec §6.3)', () => {
  it.each([
    [true, undefined, undefined, 1],
    [false, undefined, undefined, 0],
    [true, 2, undefined, 2],
    [true, -1, undefined, 1],
    [true, 0, undefined, 1],
    [false, -1, undefined, -1],
    [false, 2, undefined, 0],
    [false, 0, undefined, 0],
    [true, undefined, 'rum', undefined],
    [false, 1, 'rum', 0],
  ])('sampled=%s s=%s origin=%s → %s', (sampled, s, origin, expected) => {
    expect(resolveRemotePriority(sampled, s, origin)).toBe(expected);
  });
});

describe('applyRemoteParent', () => {
  it('reads a foreign tracestate without dd= from the flags alone', () => {
    const kept = createTrace(TRACE_ID);
    applyRemoteParent(kept, parent(TraceFlags.SAMPLED, 'congo=t61rcWkgMzE'));
    expect([kept.samplingPriority, kept.samplingMechanism, kept.origin, kept.tags]).toEqual([1, undefined, undefined, {}]);
    const dropped = createTrace(TRACE_ID);
    applyRemoteParent(dropped, parent(TraceFlags.NONE));
    expect(dropped.samplingPriority).toBe(0);
  });

  it('honours the dd= member: priority, mechanism, origin, _dd.p.*, _dd.parent_id', () => {
    const trace = createTrace(TRACE_ID);
    applyRemoteParent(
      trace,
      parent(TraceFlags.SAMPLED, 'dd=s:2;o:rum;p:00000000000000aa;t.dm:-4;t.tid:66b1f6ab00000000;t.usr.id:a~b,other=1'),
    );
    expect(trace.samplingPriority).toBe(2);
    expect(trace.samplingMechanism).toBe(4);
    expect(trace.origin).toBe('rum');
    expect(trace.tags).toEqual({ '_dd.p.dm': '-4', '_dd.p.usr.id': 'a=b', '_dd.parent_id': '00000000000000aa' });
  });

  it('ignores an s: that contradicts the flags', () => {
    const trace = createTrace(TRACE_ID);
    applyRemoteParent(trace, parent(TraceFlags.NONE, 'dd=s:2'));
    expect(trace.samplingPriority).toBe(0);
  });

  it('leaves the priority undecided for an undecided extraction and records propagation errors', () => {
    const spanContext = toRemoteSpanContext({
      traceId: TRACE_ID,
      spanId: '00000000000004d2',
      priority: undefined,
      origin: undefined,
      tags: {},
      traceState: undefined,
      propagationError: 'extract_max_size',
    });
    const trace = createTrace(TRACE_ID);
    applyRemoteParent(trace, spanContext);
    expect(trace.samplingPriority).toBeUndefined();
    expect(trace.tags['_dd.propagation_error']).toBe('extract_max_size');
  });

  it('never throws, even for a broken span context', () => {
    const trace = createTrace(TRACE_ID);
    const broken = {
      ...parent(TraceFlags.SAMPLED),
      traceState: {
        get: () => {
          throw new Error('boom');
        },
      },
    } as unknown as SpanContext;
    expect(() => applyRemoteParent(trace, broken)).not.toThrow();
  });
});

describe('applyExtractedSamplingDecision', () => {
  it('applies a sampling-only priority from the context, and reports whether it did', () => {
    const trace = createTrace(TRACE_ID);
    expect(applyExtractedSamplingDecision(trace, ROOT_CONTEXT)).toBe(false);
    expect(trace.samplingPriority).toBeUndefined();
    expect(applyExtractedSamplingDecision(trace, setExtractedSamplingPriority(ROOT_CONTEXT, 2))).toBe(true);
    expect(trace.samplingPriority).toBe(2);
  });
});
