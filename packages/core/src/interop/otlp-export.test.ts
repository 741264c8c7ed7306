import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { afterEach, describe, expect, it } from 'vitest';
import { byName, startHarness } from '../testing/harness.js';
import type { Harness } from '../testing/harness.js';
import type { OtlpSpan } from './otlp-proto.test-support.js';
import { startOtlpReceiver } from './otlp-receiver.test-support.js';
import type { OtlpReceiver } from './otlp-receiver.test-support.js';
import {
  CHILD_END_MS,
  CHILD_START_MS,
  EVENT_MS,
  LINKED_CONTEXT,
  ROOT_END_MS,
  ROOT_START_MS,
  msToNanosString,
  runScenario,
} from './scenario.test-support.js';

/**
 * The same spans to Datadog and, through the standard OTel OTLP/protobuf exporter in a
 * BatchSpanProcessor, to an OpenTelemetry Collector (here a local receiver that decodes the
 * protobuf with the OTLP schema).
 */

let harness: Harness | undefined;
let receiver: OtlpReceiver | undefined;
afterEach(async () => {
  await harness?.close();
  await receiver?.close();
  harness = undefined;
  receiver = undefined;
});

function otlpSpan(spans: OtlpSpan[], name: string): OtlpSpan {
  const span = spans.find((candidate) => candidate.name === name);
  if (!span) throw new Error(`no OTLP span ${name}; got ${spans.map((s) => s.name).join(', ')}`);
  return span;
}

function nanosApart(a: string, b: string): bigint {
  const difference = BigInt(a) - BigInt(b);
  return difference < 0n ? -difference : difference;
}

async function startBoth(): Promise<{ harness: Harness; receiver: OtlpReceiver }> {
  receiver = await startOtlpReceiver();
  const processor = new BatchSpanProcessor(new OTLPTraceExporter({ url: receiver.url }), {
    // Flushed explicitly by the test; the long delay keeps the timer out of the picture.
    scheduledDelayMillis: 60_000,
  });
  harness = await startHarness({ spanProcessors: [processor], env: 'staging', version: '3.1.0', tags: { team: 'payments' } });
  return { harness, receiver };
}

describe('OTLP export through a standard BatchSpanProcessor', () => {
  it('delivers complete spans, with resource and scope, to an OTLP/HTTP protobuf receiver', async () => {
    const { harness, receiver } = await startBoth();
    const ids = runScenario(harness.provider.getTracer('shop', '1.2.3'));
    await harness.provider.forceFlush();
    const spans = await receiver.waitForSpans(2);

    expect(receiver.requests()[0]).toMatchObject({ path: '/v1/traces', contentType: 'application/x-protobuf' });
    const root = otlpSpan(spans, 'checkout');
    const child = otlpSpan(spans, 'charge card');
    expect(root.resource).toMatchObject({
      'service.name': 'test-service',
      'deployment.environment.name': 'staging',
      'service.version': '3.1.0',
      team: 'payments',
      'telemetry.sdk.name': 'dd-otel',
    });
    expect(child.scope).toEqual({ name: 'shop', version: '1.2.3' });
    expect(root).toMatchObject({ traceId: ids.traceId, spanId: ids.rootSpanId, parentSpanId: '', kind: 2 });
    expect(child).toMatchObject({ traceId: ids.traceId, spanId: ids.childSpanId, parentSpanId: ids.rootSpanId, kind: 3 });
    // Low byte: W3C sampled flag; 0x100: "is_remote is known" (the parent is local here).
    expect(child.flags).toBe(0x101);
    expect(root.startTimeUnixNano).toBe(msToNanosString(ROOT_START_MS));
    expect(root.endTimeUnixNano).toBe(msToNanosString(ROOT_END_MS));
    expect(child.startTimeUnixNano).toBe(msToNanosString(CHILD_START_MS));
    expect(child.endTimeUnixNano).toBe(msToNanosString(CHILD_END_MS));
    expect(root.attributes).toEqual({
      'http.request.method': 'POST',
      'http.route': '/checkout',
      'http.response.status_code': 200,
      'cart.items': ['book', 'pen'],
      'cart.express': true,
      'cart.total': 12.5,
    });
    expect(root.status).toEqual({ code: 1, message: '' });
    expect(child.status).toEqual({ code: 2, message: 'card declined' });
    expect(child.events).toEqual([
      {
        name: 'card.declined',
        timeUnixNano: msToNanosString(EVENT_MS),
        attributes: { 'decline.code': 51, 'decline.soft': false },
      },
    ]);
    expect(child.links).toEqual([
      {
        traceId: LINKED_CONTEXT.traceId,
        spanId: LINKED_CONTEXT.spanId,
        traceState: 'vendor=value',
        attributes: { 'link.reason': 'retry-of' },
      },
    ]);
  });

  it('sends the very spans Datadog receives: same ids and timestamps on both sides', async () => {
    const { harness, receiver } = await startBoth();
    runScenario(harness.provider.getTracer('shop', '1.2.3'));
    await harness.provider.forceFlush();
    const [otlp, datadog] = await Promise.all([receiver.waitForSpans(2), harness.collect(2)]);

    for (const name of ['checkout', 'charge card']) {
      const fromOtlp = otlpSpan(otlp, name);
      const fromDatadog = byName(datadog, name);
      expect(fromDatadog.spanId).toBe(fromOtlp.spanId);
      expect(fromDatadog.traceId128).toBe(fromOtlp.traceId);
      // Datadog start times are float64 nanoseconds (as in dd-trace-js): around 2026 they are
      // exact to 256 ns, while OTLP carries the exact value. Same instant, within that step.
      expect(nanosApart(fromDatadog.start, fromOtlp.startTimeUnixNano)).toBeLessThanOrEqual(128n);
      const datadogEnd = (BigInt(fromDatadog.start) + BigInt(fromDatadog.duration)).toString();
      expect(nanosApart(datadogEnd, fromOtlp.endTimeUnixNano)).toBeLessThanOrEqual(128n);
      expect(fromDatadog.duration).toBe(Number(BigInt(fromOtlp.endTimeUnixNano) - BigInt(fromOtlp.startTimeUnixNano)));
    }
    expect(byName(datadog, 'charge card').parentId).toBe(otlpSpan(otlp, 'charge card').parentSpanId);
  });

  it('exports nothing for spans the Datadog sampler dropped (unsampled W3C flag), as the SDK would', async () => {
    const { harness, receiver } = await startBoth();
    const tracer = harness.provider.getTracer('shop');
    tracer.startSpan('kept').end();
    tracer.startSpan('dropped', { attributes: { 'manual.drop': true } }).end();
    await harness.provider.forceFlush();
    const spans = await receiver.waitForSpans(1);
    await harness.collect(2);
    expect(spans.map((span) => span.name)).toEqual(['kept']);
  });
});
