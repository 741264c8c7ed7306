import { ROOT_CONTEXT } from '@opentelemetry/api';
import { TraceState } from '@opentelemetry/core';
import { describe, expect, it } from 'vitest';
import { createTrace } from '../sampling/trace-fixture.test-support.js';
import { applyRemoteParent } from './remote-parent.js';
import {
  contextWithOurSpan,
  decidedTrace,
  extract,
  extractSpanContext,
  inject,
  reinject,
} from './propagation-fixture.test-support.js';
import { TraceContextPropagator } from './tracecontext-propagator.js';

const propagator = new TraceContextPropagator();
const TRACE_ID = '66b1f6ab000000001234567890abcdef';
const PARENT = `00-${TRACE_ID}-00000000000004d2-01`;

function remoteTrace(headers: Record<string, string>) {
  const spanContext = extractSpanContext(propagator, headers);
  if (spanContext === undefined) return undefined;
  const trace = createTrace(spanContext.traceId);
  applyRemoteParent(trace, spanContext);
  return { spanContext, trace };
}

describe('TraceContextPropagator: extract', () => {
  it('reads the 128-bit id, flags and the dd member; keeps other vendors', () => {
    const result = remoteTrace({
      traceparent: PARENT,
      tracestate: 'foo=1,dd=s:2;o:rum;p:00000000000000aa;t.dm:-4;t.usr.id:a~b,bar=2',
    });
    expect(result?.spanContext).toMatchObject({ traceId: TRACE_ID, spanId: '00000000000004d2', traceFlags: 1, isRemote: true });
    expect(result?.spanContext.traceState?.serialize()).toBe(
      'dd=s:2;o:rum;p:00000000000000aa;t.dm:-4;t.tid:66b1f6ab00000000;t.usr.id:a~b,foo=1,bar=2',
    );
    expect(result?.trace).toMatchObject({
      samplingPriority: 2,
      samplingMechanism: 4,
      origin: 'rum',
      tags: { '_dd.p.dm': '-4', '_dd.p.usr.id': 'a=b', '_dd.parent_id': '00000000000000aa' },
    });
  });

  it('takes the priority from the flag when s: disagrees or is missing', () => {
    expect(remoteTrace({ traceparent: PARENT.replace(/-01$/, '-00'), tracestate: 'dd=s:2' })?.trace.samplingPriority).toBe(0);
    expect(remoteTrace({ traceparent: PARENT, tracestate: 'dd=s:-1' })?.trace.samplingPriority).toBe(1);
    expect(remoteTrace({ traceparent: PARENT.replace(/-01$/, '-00'), tracestate: 'dd=s:-1' })?.trace.samplingPriority).toBe(-1);
    expect(remoteTrace({ traceparent: PARENT })?.trace.samplingPriority).toBe(1);
  });

  it.each([
    'zz-' + TRACE_ID + '-00000000000004d2-01',
    'ff-' + TRACE_ID + '-00000000000004d2-01',
    '00-' + '0'.repeat(32) + '-00000000000004d2-01',
    '00-' + TRACE_ID + '-0000000000000000-01',
    '00-' + TRACE_ID + '-00000000000004d2-01-tail',
    '00-' + TRACE_ID.slice(2) + '-00000000000004d2-01',
    '',
  ])('ignores traceparent %j', (traceparent) => {
    expect(extract(propagator, { traceparent, tracestate: 'dd=s:2' })).toBe(ROOT_CONTEXT);
  });

  it('accepts a future version with a tail', () => {
    expect(extractSpanContext(propagator, { traceparent: `01-${TRACE_ID}-00000000000004d2-01-extra` })?.traceId).toBe(TRACE_ID);
  });
});

describe('TraceContextPropagator: inject', () => {
  it('writes traceparent from the priority and a fresh dd member before upstream vendors', () => {
    const trace = decidedTrace(TRACE_ID, 2, { origin: 'rum', tags: { '_dd.p.dm': '-4' } });
    const context = contextWithOurSpan(trace, 'fedcba9876543210', {
      upstreamTraceState: new TraceState('dd=s:1;p:0000000000000001,foo=1'),
    });
    expect(inject(propagator, context)).toEqual({
      traceparent: `00-${TRACE_ID}-fedcba9876543210-01`,
      tracestate: 'dd=s:2;o:rum;p:fedcba9876543210;t.dm:-4;t.tid:66b1f6ab00000000,foo=1',
    });
  });

  it('writes flag 00 for dropped traces', () => {
    const trace = decidedTrace('0000000000000000' + '00000000000004d2', -1);
    expect(inject(propagator, contextWithOurSpan(trace, 'fedcba9876543210'))).toEqual({
      traceparent: '00-000000000000000000000000000004d2-fedcba9876543210-00',
      tracestate: 'dd=s:-1;p:fedcba9876543210',
    });
  });

  it('passes an extracted context through, dd member normalised first', () => {
    const headers = { traceparent: PARENT, tracestate: 'dd=s:2;p:00000000000000aa;t.dm:-4,foo=1' };
    expect(reinject(propagator, headers)).toEqual({
      traceparent: PARENT,
      tracestate: 'dd=s:2;p:00000000000000aa;t.dm:-4;t.tid:66b1f6ab00000000,foo=1',
    });
  });
});
