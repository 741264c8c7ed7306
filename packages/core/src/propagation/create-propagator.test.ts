import { ROOT_CONTEXT, defaultTextMapGetter, propagation, trace as traceApi } from '@opentelemetry/api';
import type { PropagationStyle } from '../config/options.js';
import type { TextMapGetter } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import { createTrace } from '../sampling/trace-fixture.test-support.js';
import { createPropagator, getExtractedLinks, getExtractedSamplingPriority } from './create-propagator.js';
import { applyRemoteParent } from './remote-parent.js';
import { contextWithOurSpan, decidedTrace, extract, inject } from './propagation-fixture.test-support.js';

function propagator(
  styles: PropagationStyle[] = ['datadog', 'tracecontext', 'baggage'],
  extra: { extractFirst?: boolean; inject?: PropagationStyle[] } = {},
) {
  return createPropagator({
    propagationInject: extra.inject ?? styles,
    propagationExtract: styles,
    propagationExtractFirst: extra.extractFirst ?? false,
    xDatadogTagsMaxLength: 512,
    baggageMaxItems: 64,
    baggageMaxBytes: 8192,
  });
}

function remote(context: ReturnType<typeof extract>) {
  const spanContext = traceApi.getSpanContext(context);
  if (spanContext === undefined) return undefined;
  const trace = createTrace(spanContext.traceId);
  applyRemoteParent(trace, spanContext);
  return { spanContext, trace };
}

const TRACE_ID = '66b1f6ab000000000000000000003039'; // low 64 = 12345
const DATADOG = {
  'x-datadog-trace-id': '12345',
  'x-datadog-parent-id': '67890', // 0000000000010932
  'x-datadog-sampling-priority': '2',
  'x-datadog-origin': 'synthetics',
  'x-datadog-tags': '_dd.p.dm=-4,_dd.p.tid=66b1f6ab00000000',
};

describe('createPropagator: inject', () => {
  it('writes every configured style from one span, plus baggage', () => {
    const trace = decidedTrace(TRACE_ID, 1, { tags: { '_dd.p.dm': '-0' } });
    const context = propagation.setBaggage(
      contextWithOurSpan(trace, '000000000000abcd'),
      propagation.createBaggage({ 'user.id': { value: 'u1' } }),
    );
    expect(inject(propagator(['datadog', 'tracecontext', 'b3', 'b3multi', 'baggage']), context)).toEqual({
      'x-datadog-trace-id': '12345',
      'x-datadog-parent-id': '43981',
      'x-datadog-sampling-priority': '1',
      'x-datadog-tags': '_dd.p.dm=-0,_dd.p.tid=66b1f6ab00000000',
      traceparent: `00-${TRACE_ID}-000000000000abcd-01`,
      tracestate: 'dd=s:1;p:000000000000abcd;t.dm:-0;t.tid:66b1f6ab00000000',
      b3: `${TRACE_ID}-000000000000abcd-1`,
      'x-b3-traceid': TRACE_ID,
      'x-b3-spanid': '000000000000abcd',
      'x-b3-sampled': '1',
      baggage: 'user.id=u1',
    });
  });

  it('injects nothing for no styles, and only baggage for baggage alone', () => {
    const trace = decidedTrace(TRACE_ID, 1);
    const context = propagation.setBaggage(
      contextWithOurSpan(trace, '000000000000abcd'),
      propagation.createBaggage({ a: { value: '1' } }),
    );
    expect(inject(propagator([]), context)).toEqual({});
    expect(inject(propagator(['baggage']), context)).toEqual({ baggage: 'a=1' });
  });

  it('lists the fields of its styles', () => {
    expect(propagator(['tracecontext', 'baggage']).fields()).toEqual(['traceparent', 'tracestate', 'baggage']);
  });
});

describe('createPropagator: extract precedence (spec §6.1)', () => {
  it('takes the first style that has a context', () => {
    const headers = { ...DATADOG, b3: '00000000000000000000000000003039-0000000000000001-0' };
    const result = remote(extract(propagator(['b3', 'datadog']), headers));
    expect(result?.spanContext.spanId).toBe('0000000000000001');
    expect(result?.trace.samplingPriority).toBe(0);
  });

  it('lets the W3C parent of the same trace win, with the Datadog parent as _dd.parent_id', () => {
    const headers = { ...DATADOG, traceparent: `00-${TRACE_ID}-00000000000004d2-01`, tracestate: 'dd=s:2;o:rum,foo=1' };
    const context = extract(propagator(), headers);
    const result = remote(context);
    expect(result?.spanContext).toMatchObject({ traceId: TRACE_ID, spanId: '00000000000004d2', traceFlags: 1 });
    expect(result?.trace).toMatchObject({
      samplingPriority: 2,
      origin: 'synthetics', // Datadog headers win for everything but the parent
      tags: { '_dd.p.dm': '-4', '_dd.parent_id': '0000000000010932' },
    });
    expect(result?.spanContext.traceState?.get('foo')).toBe('1');
    expect(getExtractedLinks(context)).toEqual([]);
  });

  it("prefers the W3C p: as _dd.parent_id when there is one", () => {
    const headers = {
      ...DATADOG,
      traceparent: `00-${TRACE_ID}-00000000000004d2-01`,
      tracestate: 'dd=s:2;p:00000000000000aa',
    };
    expect(remote(extract(propagator(), headers))?.trace.tags['_dd.parent_id']).toBe('00000000000000aa');
  });

  it('keeps other vendors of the same trace and span without a _dd.parent_id', () => {
    const headers = { ...DATADOG, traceparent: `00-${TRACE_ID}-0000000000010932-01`, tracestate: 'foo=1' };
    const result = remote(extract(propagator(), headers));
    expect(result?.trace.tags['_dd.parent_id']).toBeUndefined();
    expect(result?.spanContext.traceState?.serialize()).toBe(
      'dd=s:2;o:synthetics;t.dm:-4;t.tid:66b1f6ab00000000,foo=1',
    );
  });

  it('adds a terminated_context link for a different trace in a later style', () => {
    const otherTrace = '0af7651916cd43dd8448eb211c80319c';
    const headers = { ...DATADOG, traceparent: `00-${otherTrace}-b7ad6b7169203331-01` };
    const context = extract(propagator(), headers);
    expect(traceApi.getSpanContext(context)?.traceId).toBe(TRACE_ID);
    const links = getExtractedLinks(context);
    expect(links).toHaveLength(1);
    expect(links[0]?.context).toMatchObject({ traceId: otherTrace, spanId: 'b7ad6b7169203331', traceFlags: 1, isRemote: true });
    expect(links[0]?.attributes).toEqual({ reason: 'terminated_context', context_headers: 'tracecontext' });
  });

  it('stops at the first context with extract-first: no W3C override, no links', () => {
    const headers = { ...DATADOG, traceparent: `00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01` };
    const context = extract(propagator(['datadog', 'tracecontext'], { extractFirst: true }), headers);
    expect(traceApi.getSpanContext(context)?.spanId).toBe('0000000000010932');
    expect(getExtractedLinks(context)).toEqual([]);
    const same = extract(propagator(['datadog', 'tracecontext'], { extractFirst: true }), {
      ...DATADOG,
      traceparent: `00-${TRACE_ID}-00000000000004d2-01`,
    });
    expect(traceApi.getSpanContext(same)?.spanId).toBe('0000000000010932');
  });

  it('falls back to a later style when the first is malformed', () => {
    const headers = { 'x-datadog-trace-id': 'garbage', 'x-datadog-parent-id': '1', traceparent: `00-${TRACE_ID}-00000000000004d2-00` };
    expect(remote(extract(propagator(), headers))?.trace.samplingPriority).toBe(0);
  });

  it('uses a B3 sampling-only decision only when no style has a context', () => {
    const onlySampling = extract(propagator(['b3', 'datadog']), { b3: 'd' });
    expect(traceApi.getSpanContext(onlySampling)).toBeUndefined();
    expect(getExtractedSamplingPriority(onlySampling)).toBe(2);
    const withContext = extract(propagator(['b3', 'datadog']), { b3: '0', ...DATADOG });
    expect(traceApi.getSpanContext(withContext)?.traceId).toBe(TRACE_ID);
    expect(getExtractedSamplingPriority(withContext)).toBeUndefined();
  });

  it('extracts baggage alongside, and alone', () => {
    const context = extract(propagator(), { ...DATADOG, baggage: 'user.id=u1' });
    expect(propagation.getBaggage(context)?.getEntry('user.id')?.value).toBe('u1');
    expect(traceApi.getSpanContext(context)?.traceId).toBe(TRACE_ID);
    expect(propagation.getBaggage(extract(propagator(), { baggage: 'a=1' }))?.getEntry('a')?.value).toBe('1');
    expect(propagation.getBaggage(extract(propagator(['datadog']), { baggage: 'a=1' }))).toBeUndefined();
  });

  it('returns the context unchanged when nothing is there, and survives a throwing getter', () => {
    expect(extract(propagator(), {})).toBe(ROOT_CONTEXT);
    const throwing: TextMapGetter = {
      get: () => {
        throw new Error('boom');
      },
      keys: () => [],
    };
    expect(propagator().extract(ROOT_CONTEXT, {}, throwing)).toBe(ROOT_CONTEXT);
    expect(() => propagator().inject(ROOT_CONTEXT, {}, { set: () => {
      throw new Error('boom');
    } })).not.toThrow();
  });
});

describe('createPropagator: requests without trace headers', () => {
  const ALL_STYLES: PropagationStyle[] = ['datadog', 'tracecontext', 'b3', 'b3multi', 'baggage'];
  /** A getter that reads like the API's default one but is not it, so extraction takes the full path. */
  const lookAlike: TextMapGetter = { get: (carrier, key) => (carrier as Record<string, string | undefined>)[key], keys: (c) => Object.keys(c) };
  const outcome = (context: ReturnType<typeof extract>) => ({
    spanContext: traceApi.getSpanContext(context),
    priority: getExtractedSamplingPriority(context),
    baggage: propagation.getBaggage(context)?.getAllEntries(),
  });

  it('extracts exactly what the full path does from any one key header of a style', () => {
    const carriers: Record<string, string>[] = [
      { 'x-b3-sampled': '1' },
      { 'x-b3-flags': '1' },
      { 'x-b3-traceid': '000000000000000000000000000004d2', 'x-b3-spanid': '00000000000004d2' },
      { b3: 'd' },
      { 'x-datadog-trace-id': '12345', 'x-datadog-parent-id': '67890' },
      { traceparent: `00-${TRACE_ID}-00000000000004d2-01` },
      { baggage: 'user.id=u1' },
      DATADOG,
    ];
    for (const carrier of carriers) {
      const fast = propagator(ALL_STYLES).extract(ROOT_CONTEXT, { 'user-agent': 'x', ...carrier }, defaultTextMapGetter);
      const full = propagator(ALL_STYLES).extract(ROOT_CONTEXT, { 'user-agent': 'x', ...carrier }, lookAlike);
      expect(outcome(fast), JSON.stringify(carrier)).toEqual(outcome(full));
      expect(outcome(fast), JSON.stringify(carrier)).not.toEqual(outcome(ROOT_CONTEXT));
    }
  });

  it('finds nothing in headers that are not enough on their own, as the full path', () => {
    const partial: Record<string, string>[] = [
      { tracestate: 'dd=s:2;o:rum' },
      { 'x-datadog-parent-id': '67890', 'x-datadog-sampling-priority': '2', 'x-datadog-origin': 'rum' },
      { 'x-b3-spanid': '00000000000004d2', 'x-b3-parentspanid': '00000000000004d3' },
    ];
    for (const carrier of partial) {
      const fast = propagator(ALL_STYLES).extract(ROOT_CONTEXT, carrier, defaultTextMapGetter);
      const full = propagator(ALL_STYLES).extract(ROOT_CONTEXT, carrier, lookAlike);
      expect(outcome(fast), JSON.stringify(carrier)).toEqual(outcome(full));
      expect(fast, JSON.stringify(carrier)).toBe(ROOT_CONTEXT);
    }
  });

  it('reads the multi headers for style b3 alone, as its fallback does', () => {
    const multi = { 'x-b3-traceid': '000000000000000000000000000004d2', 'x-b3-spanid': '00000000000004d2', 'x-b3-sampled': '1' };
    const context = propagator(['b3']).extract(ROOT_CONTEXT, multi, defaultTextMapGetter);
    expect(traceApi.getSpanContext(context)?.spanId).toBe('00000000000004d2');
    expect(getExtractedSamplingPriority(propagator(['b3']).extract(ROOT_CONTEXT, { 'x-b3-flags': '1' }, defaultTextMapGetter))).toBe(2);
  });

  it('returns the same context without reading further, and copes with a carrier that throws', () => {
    const base = extract(propagator(), { baggage: 'a=1' });
    expect(propagation.getBaggage(base)).toBeDefined();
    expect(extract(propagator(), { host: 'h', 'user-agent': 'x' }, base)).toBe(base);
    expect(propagator().extract(base, undefined, defaultTextMapGetter)).toBe(base);
    const throwing = new Proxy({}, { get: () => { throw new Error('boom'); } });
    expect(propagator().extract(base, throwing, defaultTextMapGetter)).toBe(base);
  });
});

describe('createPropagator: round trips through a pass-through service', () => {
  it.each([
    ['datadog 64-bit', { 'x-datadog-trace-id': '1', 'x-datadog-parent-id': '2', 'x-datadog-sampling-priority': '1' }],
    ['datadog 128-bit', DATADOG],
  ])('%s', (_, headers) => {
    const p = propagator(['datadog']);
    expect(inject(p, extract(p, headers))).toEqual(headers);
  });

  it('all styles agree after one hop', () => {
    const p = propagator(['datadog', 'tracecontext', 'b3', 'b3multi']);
    const first = inject(p, extract(p, DATADOG));
    expect(inject(p, extract(p, first))).toEqual(first);
    expect(first.traceparent).toBe(`00-${TRACE_ID}-0000000000010932-01`);
    expect(first['x-b3-flags']).toBe('1');
  });
});
