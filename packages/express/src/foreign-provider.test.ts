import { SpanKind, SpanStatusCode, context, trace } from '@opentelemetry/api';
import type { Attributes, Span, SpanContext, SpanOptions, SpanStatus, Tracer, TracerProvider } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { afterAll, describe, expect, it } from 'vitest';
import express from 'express';
import { getInitializedProvider } from '@dd-otel/core';
import { datadogErrorHandler, datadogMiddleware } from './index.js';
import { get, listen } from './express-test.test-support.js';

/** The app's own OTel provider, reduced to what the test reads: recorded spans. */
interface RecordedSpan {
  name: string;
  kind: SpanKind | undefined;
  attributes: Attributes;
  status: SpanStatus;
  events: string[];
  ended: number;
}

class RecordingProvider implements TracerProvider {
  readonly spans: RecordedSpan[] = [];
  getTracer(): Tracer {
    const spans = this.spans;
    const startSpan = (name: string, options: SpanOptions = {}): Span => {
      const record: RecordedSpan = { name, kind: options.kind, attributes: { ...options.attributes }, status: { code: SpanStatusCode.UNSET }, events: [], ended: 0 };
      spans.push(record);
      const spanContext: SpanContext = { traceId: '1'.repeat(32), spanId: (spans.length + 1).toString(16).padStart(16, '0'), traceFlags: 1 };
      const span: Span = {
        spanContext: () => spanContext,
        setAttribute: (key, value) => ((record.attributes[key] = value), span),
        setAttributes: (attributes) => (Object.assign(record.attributes, attributes), span),
        addEvent: (eventName) => (record.events.push(eventName), span),
        addLink: () => span,
        addLinks: () => span,
        setStatus: (status) => ((record.status = status), span),
        updateName: (newName) => ((record.name = newName), span),
        end: () => void record.ended++,
        isRecording: () => record.ended === 0,
        recordException: () => void record.events.push('exception'),
      };
      return span;
    };
    return { startSpan, startActiveSpan: (() => undefined) as unknown as Tracer['startActiveSpan'] };
  }
}

describe('with another OTel provider registered', () => {
  const provider = new RecordingProvider();
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  trace.setGlobalTracerProvider(provider);
  const closers: Array<() => Promise<void>> = [];
  afterAll(async () => {
    for (const close of closers) await close();
  });

  it("uses the app's provider and does not initialise dd-otel", async () => {
    const app = express();
    app.use(datadogMiddleware());
    app.get('/orders/:id', () => {
      throw new Error('order lookup failed');
    });
    app.use(datadogErrorHandler());
    const running = await listen(app);
    closers.push(running.close);
    expect(await get(running.url, '/orders/5')).toEqual([500]);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(getInitializedProvider()).toBeUndefined();
    expect(provider.spans).toHaveLength(1);
    const [span] = provider.spans;
    expect(span).toMatchObject({ name: 'express.request', kind: SpanKind.SERVER, ended: 1, events: ['exception'] });
    expect(span!.status).toEqual({ code: SpanStatusCode.ERROR, message: 'order lookup failed' });
    expect(span!.attributes).toMatchObject({ 'resource.name': 'GET /orders/:id', 'http.route': '/orders/:id', 'http.status_code': '500' });
  });
});
