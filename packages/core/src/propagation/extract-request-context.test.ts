import { ROOT_CONTEXT, createContextKey, propagation, trace as traceApi } from '@opentelemetry/api';
import type { Context, TextMapGetter, TextMapPropagator } from '@opentelemetry/api';
import { afterEach, describe, expect, it } from 'vitest';
import { createPropagator } from './create-propagator.js';
import { extractRequestContext } from './extract-request-context.js';

const HEADERS = { 'x-datadog-trace-id': '12345', 'x-datadog-parent-id': '67890', host: 'api.local' };

afterEach(() => {
  propagation.disable();
});

describe('extractRequestContext', () => {
  it("continues the incoming trace through dd-otel's registered propagator", () => {
    propagation.setGlobalPropagator(
      createPropagator({
        propagationInject: ['datadog'],
        propagationExtract: ['datadog', 'tracecontext'],
        propagationExtractFirst: false,
        xDatadogTagsMaxLength: 512,
        baggageMaxItems: 64,
        baggageMaxBytes: 8192,
      }),
    );
    expect(traceApi.getSpanContext(extractRequestContext(HEADERS))?.spanId).toBe('0000000000010932');
    expect(extractRequestContext({ host: 'api.local' })).toBe(ROOT_CONTEXT);
  });

  it("asks the app's own registered propagator, with the API's default getter", () => {
    const seen = createContextKey('seen');
    const calls: Array<{ carrier: unknown; value: unknown }> = [];
    const own: TextMapPropagator = {
      inject: () => undefined,
      extract(context: Context, carrier: unknown, getter: TextMapGetter): Context {
        const value = getter.get(carrier, 'x-datadog-trace-id');
        calls.push({ carrier, value });
        return context.setValue(seen, value);
      },
      fields: () => [],
    };
    propagation.setGlobalPropagator(own);
    expect(extractRequestContext(HEADERS).getValue(seen)).toBe('12345');
    expect(calls).toEqual([{ carrier: HEADERS, value: '12345' }]);
  });
});
