import { SpanKind } from '@opentelemetry/api';
import type { AttributeValue, Span } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import { MAX_ATTRIBUTES_PER_SPAN } from '../span/attributes.js';
import { LocalTrace } from '../span/local-trace.js';
import { DatadogSpan } from '../span/span.js';
import type { SpanPipeline } from '../span/span-pipeline.js';
import { setResourceAttribute, setRouteAttribute, setStatusAttributes } from './final-attributes.js';

const pipeline: SpanPipeline = {
  onEnding: () => undefined,
  onEnd: () => undefined,
  applyManualSampling: () => false,
  decideSampling: () => undefined,
};

function requestSpan(): DatadogSpan {
  const span = new DatadogSpan(LocalTrace.withNewId(pipeline, true), { name: 'test' }, 'web.request', SpanKind.SERVER, 0, undefined);
  span.adoptAttributes({ 'http.method': 'GET', 'http.url': 'http://h/' });
  return span;
}

/** Adds one attribute through `setAttribute` and says whether the span took it (the bound). */
function takesOneMore(span: DatadogSpan): boolean {
  span.setAttribute('probe.extra', 1);
  return span.attributes['probe.extra'] === 1;
}

describe('final request attributes on a dd-otel span', () => {
  it('adds status, route and resource as setAttribute would', () => {
    const fast = requestSpan();
    setStatusAttributes(fast, '200', 200);
    setRouteAttribute(fast, '/users/:id');
    setResourceAttribute(fast, 'GET /users/:id');
    const slow = requestSpan();
    slow.setAttribute('http.status_code', '200');
    slow.setAttribute('http.response.status_code', 200);
    slow.setAttribute('http.route', '/users/:id');
    slow.setAttribute('resource.name', 'GET /users/:id');
    expect(fast.attributes).toEqual(slow.attributes);
    expect(Object.keys(fast.attributes)).toEqual(Object.keys(slow.attributes));
  });

  it('counts the new entries toward the bound, and a replaced one not again', () => {
    const span = requestSpan();
    for (let i = 0; i < MAX_ATTRIBUTES_PER_SPAN - 2 - 4; i++) span.setAttribute(`k${i}`, i);
    span.setAttribute('http.status_code', '404'); // set by the app: replaced, not counted again
    // 2 start + (1018) + status text = 1021: room for 3 more.
    setStatusAttributes(span, '200', 200);
    setRouteAttribute(span, '/a');
    setResourceAttribute(span, 'GET /a');
    expect(span.attributes['http.status_code']).toBe('200');
    expect(span.attributes['resource.name']).toBe('GET /a');
    expect(takesOneMore(span)).toBe(false);
  });

  it('leaves the decision to setAttribute at the bound: nothing is added past it', () => {
    const span = requestSpan();
    for (let i = 0; i < MAX_ATTRIBUTES_PER_SPAN - 3; i++) span.setAttribute(`k${i}`, i);
    setStatusAttributes(span, '500', 500);
    expect(span.attributes['http.status_code']).toBe('500');
    expect(span.attributes['http.response.status_code']).toBeUndefined();
    setRouteAttribute(span, '/a');
    expect(span.attributes['http.route']).toBeUndefined();
  });

  it('changes nothing on an ended span', () => {
    const span = requestSpan();
    span.end();
    setStatusAttributes(span, '200', 200);
    setRouteAttribute(span, '/a');
    setResourceAttribute(span, 'GET /a');
    expect(Object.keys(span.attributes)).toEqual(['http.method', 'http.url']);
  });

  it('replaces a route or resource set before, counting each key once', () => {
    const span = requestSpan();
    span.setAttribute('http.route', '/mine');
    span.setAttribute('resource.name', 'mine');
    setRouteAttribute(span, '/a');
    setResourceAttribute(span, 'GET /a');
    expect(span.attributes['http.route']).toBe('/a');
    expect(span.attributes['resource.name']).toBe('GET /a');
    expect(takesOneMore(span)).toBe(true);
  });

  it('hands values of another type to setAttribute, which checks them', () => {
    const span = requestSpan();
    setStatusAttributes(span, '200', { not: 'a number' } as unknown as number);
    expect(span.attributes['http.status_code']).toBe('200');
    expect(span.attributes['http.response.status_code']).toBeUndefined();
  });
});

describe('final request attributes on another provider span', () => {
  it('go through setAttribute', () => {
    const calls: Array<[string, AttributeValue]> = [];
    const span = { setAttribute: (key: string, value: AttributeValue) => calls.push([key, value]) } as unknown as Span;
    setStatusAttributes(span, '201', 201);
    setRouteAttribute(span, '/b');
    setResourceAttribute(span, 'POST /b');
    expect(calls).toEqual([
      ['http.status_code', '201'],
      ['http.response.status_code', 201],
      ['http.route', '/b'],
      ['resource.name', 'POST /b'],
    ]);
  });
});
