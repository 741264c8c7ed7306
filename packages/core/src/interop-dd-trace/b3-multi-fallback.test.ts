import { ROOT_CONTEXT, defaultTextMapGetter, trace } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import type { PropagatorConfig } from '../propagation/create-propagator.js';
import { createPropagator } from '../propagation/create-propagator.js';

/**
 * dd-trace@5 INJECTS the multi-header B3 encoding for the style `b3`, both when it comes from
 * `DD_TRACE_PROPAGATION_STYLE=b3` and from `OTEL_PROPAGATORS=b3` (its `b3` extractor reads the
 * single header only under OTEL_PROPAGATORS). OTel's B3 propagator, which `OTEL_PROPAGATORS=b3`
 * names, extracts both encodings, the single header first. dd-otel's `b3` reads only the single
 * header, so a dd-trace@5 service configured with `b3` starts a new trace in every dd-otel
 * service it calls (see the `b3 via OTEL_PROPAGATORS` cases of dd-trace-interop.test.ts).
 */

const B3_ONLY: PropagatorConfig = {
  propagationInject: ['b3'],
  propagationExtract: ['b3'],
  propagationExtractFirst: false,
  xDatadogTagsMaxLength: 512,
  baggageMaxItems: 64,
  baggageMaxBytes: 8192,
};

const TRACE_ID = '6b0d9f3400000000' + '60451522c308e74a';
const CLIENT_SPAN_ID = '7eecfd60f73d761d';

/** What a dd-trace@5 client span sends with `OTEL_PROPAGATORS=b3` (observed in the interop run). */
const DD_TRACE_5_B3_HEADERS = {
  'x-b3-traceid': TRACE_ID,
  'x-b3-spanid': CLIENT_SPAN_ID,
  'x-b3-sampled': '1',
  'x-b3-flags': '1',
  'x-b3-parentspanid': '60451522c308e74a',
};

describe('style `b3` and the multi-header encoding dd-trace@5 sends for it', () => {
  it('continues the trace when only the multi headers are present', () => {
    const context = createPropagator(B3_ONLY).extract(ROOT_CONTEXT, DD_TRACE_5_B3_HEADERS, defaultTextMapGetter);
    expect(trace.getSpanContext(context)).toMatchObject({ traceId: TRACE_ID, spanId: CLIENT_SPAN_ID, isRemote: true });
  });

  it('keeps the debug (USER_KEEP) decision of the multi headers', () => {
    const context = createPropagator(B3_ONLY).extract(ROOT_CONTEXT, DD_TRACE_5_B3_HEADERS, defaultTextMapGetter);
    // An extracted priority travels in the remote span context's `dd=` tracestate member.
    const spanContext = trace.getSpanContext(context);
    expect(spanContext?.traceFlags).toBe(1);
    expect(spanContext?.traceState?.get('dd')?.split(';')).toContain('s:2');
  });

  it('still prefers the single header when both encodings are present', () => {
    const single = `${'1'.repeat(32)}-${'2'.repeat(16)}-0`;
    const context = createPropagator(B3_ONLY).extract(
      ROOT_CONTEXT,
      { ...DD_TRACE_5_B3_HEADERS, b3: single },
      defaultTextMapGetter,
    );
    expect(trace.getSpanContext(context)).toMatchObject({ traceId: '1'.repeat(32), spanId: '2'.repeat(16) });
  });
});
