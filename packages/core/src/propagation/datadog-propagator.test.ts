import { ROOT_CONTEXT, trace as traceApi } from '@opentelemetry/api';
import { suppressTracing } from '@opentelemetry/core';
import { describe, expect, it } from 'vitest';
import { createTrace } from '../sampling/trace-fixture.test-support.js';
import { DatadogPropagator } from './datadog-propagator.js';
import { applyRemoteParent } from './remote-parent.js';
import {
  contextWithOurSpan,
  decidedTrace,
  extract,
  extractSpanContext,
  inject,
  reinject,
} from './propagation-fixture.test-support.js';

const propagator = new DatadogPropagator({ xDatadogTagsMaxLength: 512 });

function remoteTrace(headers: Record<string, string>) {
  const spanContext = extractSpanContext(propagator, headers);
  if (spanContext === undefined) return undefined;
  const trace = createTrace(spanContext.traceId);
  applyRemoteParent(trace, spanContext);
  return { spanContext, trace };
}

describe('DatadogPropagator: extract', () => {
  it('reads a 64-bit context with priority, origin and tags', () => {
    const result = remoteTrace({
      'x-datadog-trace-id': '12345',
      'x-datadog-parent-id': '67890',
      'x-datadog-sampling-priority': '2',
      'x-datadog-origin': 'synthetics',
      'x-datadog-tags': '_dd.p.dm=-4,_dd.p.usr.id=baz',
    });
    expect(result?.spanContext).toMatchObject({
      traceId: '00000000000000000000000000003039',
      spanId: '0000000000010932',
      traceFlags: 1,
      isRemote: true,
    });
    expect(result?.trace).toMatchObject({
      samplingPriority: 2,
      samplingMechanism: 4,
      origin: 'synthetics',
      tags: { '_dd.p.dm': '-4', '_dd.p.usr.id': 'baz' },
    });
  });

  it('reads a 128-bit trace id from _dd.p.tid', () => {
    const spanContext = extractSpanContext(propagator, {
      'x-datadog-trace-id': '18446744073709551615',
      'x-datadog-parent-id': '1',
      'x-datadog-tags': '_dd.p.tid=66b1f6ab00000000',
    });
    expect(spanContext?.traceId).toBe('66b1f6ab00000000ffffffffffffffff');
  });

  it.each([
    ['negative priority', '-1', -1, 0],
    ['no priority: undecided', undefined, undefined, 0],
    ['junk priority: undecided', 'keep', undefined, 0],
  ])('%s', (_, header, priority, flags) => {
    const headers: Record<string, string> = { 'x-datadog-trace-id': '1', 'x-datadog-parent-id': '2' };
    if (header !== undefined) headers['x-datadog-sampling-priority'] = header;
    const result = remoteTrace(headers);
    expect(result?.trace.samplingPriority).toBe(priority);
    expect(result?.spanContext.traceFlags).toBe(flags);
  });

  it.each([
    [{ 'x-datadog-trace-id': '0', 'x-datadog-parent-id': '2' }],
    [{ 'x-datadog-trace-id': '1', 'x-datadog-parent-id': '0' }],
    [{ 'x-datadog-trace-id': '1' }],
    [{ 'x-datadog-trace-id': 'abc', 'x-datadog-parent-id': '2' }],
    [{ 'x-datadog-trace-id': '18446744073709551616', 'x-datadog-parent-id': '2' }],
    [{ 'x-datadog-trace-id': '-5', 'x-datadog-parent-id': '2' }],
  ])('ignores invalid ids %j', (headers) => {
    expect(extract(propagator, headers)).toBe(ROOT_CONTEXT);
  });

  it('keeps the context but drops the tags on overflow, recording _dd.propagation_error', () => {
    const result = remoteTrace({
      'x-datadog-trace-id': '1',
      'x-datadog-parent-id': '2',
      'x-datadog-sampling-priority': '1',
      'x-datadog-tags': `_dd.p.dm=-4,_dd.p.big=${'x'.repeat(600)}`,
    });
    expect(result?.trace.samplingPriority).toBe(1);
    expect(result?.trace.tags).toEqual({ '_dd.propagation_error': 'extract_max_size' });
  });

  it('records decoding_error for a malformed tags header', () => {
    const result = remoteTrace({ 'x-datadog-trace-id': '1', 'x-datadog-parent-id': '2', 'x-datadog-tags': 'nope' });
    expect(result?.trace.tags).toEqual({ '_dd.propagation_error': 'decoding_error' });
  });

  it('takes the first of repeated header values', () => {
    const spanContext = extractSpanContext(propagator, { 'x-datadog-trace-id': ['7', '8'], 'x-datadog-parent-id': '2' });
    expect(spanContext?.traceId.endsWith('0000000000000007')).toBe(true);
  });
});

describe('DatadogPropagator: inject', () => {
  it('writes ids in decimal, priority, origin and _dd.p.* tags with _dd.p.tid', () => {
    const trace = decidedTrace('66b1f6ab00000000' + '00000000000004d2', 2, {
      origin: 'rum',
      tags: { '_dd.p.dm': '-4', '_dd.parent_id': '0000000000000001' },
    });
    expect(inject(propagator, contextWithOurSpan(trace, '000000000000162e'))).toEqual({
      'x-datadog-trace-id': '1234',
      'x-datadog-parent-id': '5678',
      'x-datadog-sampling-priority': '2',
      'x-datadog-origin': 'rum',
      'x-datadog-tags': '_dd.p.dm=-4,_dd.p.tid=66b1f6ab00000000',
    });
  });

  it('records inject_max_size on our trace when the tags do not fit', () => {
    const small = new DatadogPropagator({ xDatadogTagsMaxLength: 10 });
    const trace = decidedTrace('0000000000000000' + '00000000000004d2', 1, { tags: { '_dd.p.dm': '-0' } });
    const headers = inject(small, contextWithOurSpan(trace, '000000000000162e'));
    expect(headers['x-datadog-tags']).toBeUndefined();
    expect(trace.tags['_dd.propagation_error']).toBe('inject_max_size');
  });

  it('injects nothing without a valid span or when tracing is suppressed', () => {
    expect(inject(propagator, ROOT_CONTEXT)).toEqual({});
    const trace = decidedTrace('0000000000000000' + '00000000000004d2', 1);
    expect(inject(propagator, suppressTracing(contextWithOurSpan(trace, '000000000000162e')))).toEqual({});
    const invalid = traceApi.wrapSpanContext({ traceId: '0'.repeat(32), spanId: '0'.repeat(16), traceFlags: 0 });
    expect(inject(propagator, traceApi.setSpan(ROOT_CONTEXT, invalid))).toEqual({});
  });

  it('leaves out an origin Node would refuse as a header value', () => {
    const trace = decidedTrace('0000000000000000' + '00000000000004d2', 1, { origin: 'bad\norigin' });
    expect(inject(propagator, contextWithOurSpan(trace, '000000000000162e'))['x-datadog-origin']).toBeUndefined();
  });

  it('passes an extracted context through unchanged (64- and 128-bit)', () => {
    for (const headers of [
      {
        'x-datadog-trace-id': '12345',
        'x-datadog-parent-id': '67890',
        'x-datadog-sampling-priority': '-1',
        'x-datadog-origin': 'synthetics',
        'x-datadog-tags': '_dd.p.usr.id=baz,_dd.p.tid=66b1f6ab00000000',
      },
      { 'x-datadog-trace-id': '1', 'x-datadog-parent-id': '2' },
    ]) {
      expect(reinject(propagator, headers)).toEqual(headers);
    }
  });
});
