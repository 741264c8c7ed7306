import { SpanStatusCode, trace } from '@opentelemetry/api';
import type { Attributes } from '@opentelemetry/api';
import { afterEach, describe, expect, it } from 'vitest';
import { byName, startHarness } from '../testing/harness.js';
import type { Harness } from '../testing/harness.js';

/**
 * One test per snippet of Datadog's "custom instrumentation with the OpenTelemetry API" guide,
 * asserted on what a real dev agent decoded from the wire, for both protocol versions.
 */
describe.each(['0.4', '0.5'] as const)('guide snippets over protocol v%s', (protocolVersion) => {
  let harness: Harness;
  afterEach(async () => {
    expect(harness.agent.problems()).toEqual([]);
    await harness.close();
  });

  it('creates spans with startActiveSpan; nested spans get the right parent', async () => {
    harness = await startHarness({ protocolVersion, env: 'test', version: '1.2.3' });
    const returned = harness.tracer.startActiveSpan('checkout.process', (span) => {
      harness.tracer.startActiveSpan('checkout.validate', (child) => child.end());
      span.end();
      return 'result';
    });
    expect(returned).toBe('result');
    const spans = await harness.collect(2);
    const root = byName(spans, 'checkout.process');
    const child = byName(spans, 'checkout.validate');
    expect(child.parentId).toBe(root.spanId);
    expect(child.traceId).toBe(root.traceId);
    expect(root.parentId).toBe('0000000000000000');
    expect(root).toMatchObject({ resource: 'checkout.process', service: 'test-service', error: 0 });
    expect(root.meta).toMatchObject({ env: 'test', version: '1.2.3', language: 'javascript', 'span.kind': 'internal' });
    expect(root.metrics['_dd.top_level']).toBe(1);
    expect(root.metrics['_sampling_priority_v1']).toBeGreaterThanOrEqual(1);
    expect(child.metrics['_dd.top_level']).toBeUndefined();
    expect(root.meta['_dd.p.tid']).toMatch(/^[0-9a-f]{16}$/);
    expect(root.traceId128).toBe(root.meta['_dd.p.tid'] + root.traceId);
  });

  it('adds tags to the active span: strings to meta, numbers and booleans to metrics, arrays flattened', async () => {
    harness = await startHarness({ protocolVersion });
    harness.tracer.startActiveSpan('tags.demo', (span) => {
      const active = trace.getActiveSpan();
      expect(active).toBe(span);
      active?.setAttribute('customer.id', '12345');
      active?.setAttribute('cart.total', 99.95);
      active?.setAttribute('cart.items', 3);
      active?.setAttribute('cart.gift', true);
      active?.setAttribute('cart.skus', ['a-1', 'b-2']);
      active?.setAttributes({ 'resource.name': 'GET /cart', 'span.type': 'web', 'service.name': 'cart-svc' });
      span.end();
    });
    const [span] = await harness.collect(1);
    expect(span).toMatchObject({ name: 'tags.demo', resource: 'GET /cart', type: 'web', service: 'cart-svc' });
    expect(span!.meta).toMatchObject({ 'customer.id': '12345', 'cart.skus.0': 'a-1', 'cart.skus.1': 'b-2' });
    expect(span!.metrics).toMatchObject({ 'cart.total': 99.95, 'cart.items': 3, 'cart.gift': 1 });
    expect(span!.meta['_dd.base_service']).toBe('test-service');
    expect(span!.meta['resource.name']).toBeUndefined();
  });

  it('adds span events with every attribute type and an explicit timestamp', async () => {
    harness = await startHarness({ protocolVersion });
    const timestamp = Date.now() - 1000;
    harness.tracer.startActiveSpan('events.demo', (span) => {
      span.addEvent('Event With No Attributes');
      span.addEvent('Event With Some Attributes', {
        int_val: 1,
        string_val: 'two',
        int_array: [3, 4],
        string_array: ['5', '6'],
        bool_array: [true, false],
      });
      span.addEvent('Event With A Timestamp', { phase: 'late' }, timestamp);
      span.end();
    });
    const [span] = await harness.collect(1);
    const events = eventsOf(span!);
    expect(events.map((event) => event.name)).toEqual([
      'Event With No Attributes',
      'Event With Some Attributes',
      'Event With A Timestamp',
    ]);
    expect(events[1]!.attributes).toEqual({
      int_val: 1,
      string_val: 'two',
      int_array: [3, 4],
      string_array: ['5', '6'],
      bool_array: [true, false],
    });
    expect(Number(events[2]!.time_unix_nano)).toBe(timestamp * 1e6);
    expect(Number.isInteger(Number(events[0]!.time_unix_nano))).toBe(true);
  });

  it('records exceptions with and without attributes; setStatus(ERROR) marks the span', async () => {
    harness = await startHarness({ protocolVersion });
    harness.tracer.startActiveSpan('exceptions.demo', (span) => {
      span.recordException(new TypeError('payment declined'));
      // The OTel API types the 2nd argument as a time; dd-otel also takes attributes there.
      const recordWithAttributes = span.recordException as unknown as (exception: unknown, attributes: Attributes) => void;
      recordWithAttributes.call(span, new Error('retry failed'), { 'retry.count': 2, status: 'failed' });
      span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
    });
    harness.tracer.startActiveSpan('handled.demo', (span) => {
      span.recordException(new RangeError('handled'));
      span.end();
    });
    const spans = await harness.collect(2);
    const failed = byName(spans, 'exceptions.demo');
    expect(failed.error).toBe(1);
    expect(failed.meta).toMatchObject({ 'error.type': 'Error', 'error.message': 'retry failed' });
    expect(failed.meta['error.stack']).toContain('retry failed');
    const events = eventsOf(failed);
    expect(events.map((event) => event.name)).toEqual(['exception', 'exception']);
    expect(events[0]!.attributes).toMatchObject({ 'exception.type': 'TypeError', 'exception.message': 'payment declined' });
    expect(events[1]!.attributes).toMatchObject({ 'retry.count': 2, status: 'failed', 'exception.message': 'retry failed' });
    const handled = byName(spans, 'handled.demo');
    expect(handled.error).toBe(0);
    expect(handled.meta['error.type']).toBe('RangeError');
  });
});

interface WireEvent {
  name: string;
  time_unix_nano: number | string | bigint;
  attributes?: Record<string, unknown>;
}

/** Events come natively (v0.4 when the Agent supports them) or as meta JSON; read both the same way. */
function eventsOf(span: { meta: Record<string, string>; spanEvents?: unknown }): WireEvent[] {
  if (span.meta.events !== undefined) return JSON.parse(span.meta.events) as WireEvent[];
  return (span.spanEvents as Array<{ name: string; timeUnixNano?: unknown; time_unix_nano?: unknown; attributes?: Record<string, unknown> }>).map(
    (event) => ({
      name: event.name,
      time_unix_nano: (event.time_unix_nano ?? event.timeUnixNano) as number,
      attributes: event.attributes ? plainAttributes(event.attributes) : undefined,
    }),
  ) as WireEvent[];
}

function plainAttributes(attributes: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(attributes)) out[key] = plainValue(value);
  return out;
}

function plainValue(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  const typed = value as Record<string, unknown>;
  if ('array_value' in typed) return ((typed.array_value as { values: unknown[] }).values).map(plainValue);
  for (const key of ['string_value', 'bool_value', 'int_value', 'double_value']) {
    if (key in typed) return typeof typed[key] === 'bigint' ? Number(typed[key]) : typed[key];
  }
  return value;
}
