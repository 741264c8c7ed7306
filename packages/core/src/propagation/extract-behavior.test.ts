import { ROOT_CONTEXT, TraceFlags, propagation, trace as traceApi } from '@opentelemetry/api';
import type { Context, TextMapGetter } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import type { PropagationBehaviorExtract, PropagationStyle } from '../config/options.js';
import { createPropagator, getExtractedLinks, getExtractedSamplingPriority } from './create-propagator.js';
import { contextWithOurSpan, decidedTrace, extract } from './propagation-fixture.test-support.js';

/** `DD_TRACE_PROPAGATION_BEHAVIOR_EXTRACT` (spec §6.1, dd-trace-js `text_map.js` `_extractSpanContext`). */

function propagator(
  behavior: PropagationBehaviorExtract | undefined,
  styles: PropagationStyle[] = ['datadog', 'tracecontext', 'baggage'],
) {
  return createPropagator({
    propagationInject: styles,
    propagationExtract: styles,
    propagationExtractFirst: false,
    xDatadogTagsMaxLength: 512,
    baggageMaxItems: 64,
    baggageMaxBytes: 8192,
    propagationBehaviorExtract: behavior,
  });
}

const TRACE_ID = '66b1f6ab000000000000000000003039'; // low 64 = 12345
const DATADOG = {
  'x-datadog-trace-id': '12345',
  'x-datadog-parent-id': '67890',
  'x-datadog-sampling-priority': '2',
  'x-datadog-origin': 'synthetics',
  'x-datadog-tags': '_dd.p.dm=-4,_dd.p.tid=66b1f6ab00000000',
};
const W3C_SAME_TRACE = {
  traceparent: `00-${TRACE_ID}-00000000000004d2-01`,
  tracestate: 'dd=s:2;o:synthetics;p:00000000000000aa,foo=1',
};
const OTHER_TRACE = '0af7651916cd43dd8448eb211c80319c';

const outcome = (context: Context) => ({
  spanContext: traceApi.getSpanContext(context),
  links: getExtractedLinks(context),
  priority: getExtractedSamplingPriority(context),
  baggage: propagation.getBaggage(context)?.getAllEntries(),
});

describe('propagation behavior restart', () => {
  it('starts no trace from the headers: no parent, no upstream priority, one link instead', () => {
    const context = extract(propagator('restart'), { ...DATADOG, ...W3C_SAME_TRACE });
    expect(traceApi.getSpanContext(context)).toBeUndefined();
    expect(getExtractedSamplingPriority(context)).toBeUndefined();
    const links = getExtractedLinks(context);
    expect(links).toHaveLength(1);
    // The W3C parent of the same trace took over, as under continue; the link says which style won.
    expect(links[0]?.context).toMatchObject({
      traceId: TRACE_ID,
      spanId: '00000000000004d2',
      traceFlags: TraceFlags.SAMPLED,
      isRemote: true,
    });
    expect(links[0]?.attributes).toEqual({ reason: 'propagation_behavior_extract', context_headers: 'datadog' });
    // The tracestate as it arrived, not the dd member rebuilt from the Datadog headers.
    expect(links[0]?.context.traceState?.serialize()).toBe(W3C_SAME_TRACE.tracestate);
  });

  it('links a Datadog-only context without a tracestate, and an unsampled one without the flag', () => {
    const [sampled] = getExtractedLinks(extract(propagator('restart'), DATADOG));
    expect(sampled?.context).toMatchObject({ traceId: TRACE_ID, spanId: '0000000000010932', traceFlags: 1 });
    expect(sampled?.context.traceState).toBeUndefined();
    const rejected = { ...DATADOG, 'x-datadog-sampling-priority': '-1' };
    const [link] = getExtractedLinks(extract(propagator('restart'), rejected));
    expect(link?.context.traceFlags).toBe(TraceFlags.NONE);
  });

  it('names the style that won extraction in context_headers', () => {
    const headers = { ...DATADOG, traceparent: `00-${OTHER_TRACE}-b7ad6b7169203331-01` };
    const [link] = getExtractedLinks(extract(propagator('restart', ['tracecontext', 'datadog']), headers));
    expect(link?.context).toMatchObject({ traceId: OTHER_TRACE, spanId: 'b7ad6b7169203331' });
    expect(link?.attributes).toEqual({ reason: 'propagation_behavior_extract', context_headers: 'tracecontext' });
    const [b3] = getExtractedLinks(extract(propagator('restart', ['b3multi']), {
      'x-b3-traceid': OTHER_TRACE,
      'x-b3-spanid': 'b7ad6b7169203331',
      'x-b3-sampled': '1',
    }));
    expect(b3?.attributes).toEqual({ reason: 'propagation_behavior_extract', context_headers: 'b3multi' });
  });

  it('drops the terminated_context links of other traces, as dd-trace-js does', () => {
    const headers = { ...DATADOG, traceparent: `00-${OTHER_TRACE}-b7ad6b7169203331-01` };
    expect(getExtractedLinks(extract(propagator('continue'), headers))).toHaveLength(1);
    const links = getExtractedLinks(extract(propagator('restart'), headers));
    expect(links.map((link) => link.attributes?.reason)).toEqual(['propagation_behavior_extract']);
    expect(links[0]?.context.traceId).toBe(TRACE_ID);
  });

  it('keeps the baggage', () => {
    const context = extract(propagator('restart'), { ...DATADOG, baggage: 'user.id=u1,tenant=acme' });
    expect(propagation.getBaggage(context)?.getEntry('user.id')?.value).toBe('u1');
    expect(propagation.getBaggage(context)?.getEntry('tenant')?.value).toBe('acme');
    expect(getExtractedLinks(context)).toHaveLength(1);
  });

  it('leaves the sampling decision to this service when upstream sent only one (B3 without ids)', () => {
    const context = extract(propagator('restart', ['b3', 'datadog']), { b3: 'd' });
    expect(outcome(context)).toEqual(outcome(ROOT_CONTEXT));
    expect(getExtractedSamplingPriority(extract(propagator('continue', ['b3']), { b3: 'd' }))).toBe(2);
  });

  it('replaces an active span of the context, as a continued context would, so the link reaches a root', () => {
    const active = contextWithOurSpan(decidedTrace(OTHER_TRACE, 1), '000000000000abcd');
    const context = extract(propagator('restart'), DATADOG, active);
    expect(traceApi.getSpan(context)).toBeUndefined();
    expect(getExtractedLinks(context)).toHaveLength(1);
  });

  it('changes nothing when the headers hold no valid context', () => {
    expect(extract(propagator('restart'), {})).toBe(ROOT_CONTEXT);
    const malformed = extract(propagator('restart'), { 'x-datadog-trace-id': '0', 'x-datadog-parent-id': '1' });
    expect(outcome(malformed)).toEqual(outcome(ROOT_CONTEXT));
  });

  it('gives the same result through the fast path and the full path', () => {
    const lookAlike: TextMapGetter = {
      get: (carrier, key) => (carrier as Record<string, string | undefined>)[key],
      keys: (carrier) => Object.keys(carrier),
    };
    const headers = { ...DATADOG, ...W3C_SAME_TRACE, baggage: 'a=1' };
    const full = propagator('restart').extract(ROOT_CONTEXT, headers, lookAlike);
    expect(outcome(extract(propagator('restart'), headers))).toEqual(outcome(full));
  });
});

describe('propagation behavior ignore', () => {
  it('returns the context untouched: no trace context, no links, no baggage', () => {
    const headers = {
      ...DATADOG,
      traceparent: `00-${OTHER_TRACE}-b7ad6b7169203331-01`,
      baggage: 'user.id=u1',
    };
    const context = extract(propagator('ignore'), headers);
    expect(context).toBe(ROOT_CONTEXT);
    expect(outcome(context)).toEqual({ spanContext: undefined, links: [], priority: undefined, baggage: undefined });
    expect(extract(propagator('ignore', ['b3']), { b3: 'd' })).toBe(ROOT_CONTEXT);
  });

  it('keeps what the context already held', () => {
    const base = propagation.setBaggage(ROOT_CONTEXT, propagation.createBaggage({ local: { value: '1' } }));
    expect(extract(propagator('ignore'), { ...DATADOG, baggage: 'user.id=u1' }, base)).toBe(base);
  });
});

describe('propagation behavior continue', () => {
  it('extracts exactly as without the setting', () => {
    const carriers: Record<string, string>[] = [
      DATADOG,
      { ...DATADOG, ...W3C_SAME_TRACE, baggage: 'user.id=u1' },
      { ...DATADOG, traceparent: `00-${OTHER_TRACE}-b7ad6b7169203331-01` },
      { b3: 'd' },
      { baggage: 'a=1' },
    ];
    for (const carrier of carriers) {
      const styles: PropagationStyle[] = ['datadog', 'tracecontext', 'b3', 'baggage'];
      const explicit = outcome(extract(propagator('continue', styles), carrier));
      expect(explicit, JSON.stringify(carrier)).toEqual(outcome(extract(propagator(undefined, styles), carrier)));
    }
    const continued = extract(propagator('continue'), DATADOG);
    expect(traceApi.getSpanContext(continued)?.traceId).toBe(TRACE_ID);
    expect(getExtractedLinks(continued)).toEqual([]);
  });
});
