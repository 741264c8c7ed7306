import { ROOT_CONTEXT, createContextKey, trace } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import type { Context, Span } from '@opentelemetry/api';
import { contextWith, contextWithSpan } from './context-entry.js';

/** What a traced request runs in (http/request-state.ts): its span active, and its state. */
function withActiveSpanAndValue(parent: Context, span: Span, key: symbol, value: unknown): Context {
  return contextWith(contextWithSpan(parent, span), key, value);
}

const spanOf = (spanId: string) =>
  trace.wrapSpanContext({ traceId: '0af7651916cd43dd8448eb211c80319c', spanId, traceFlags: 1 });

describe('withActiveSpanAndValue', () => {
  const BASE_KEY = createContextKey('test.base');
  const STATE_KEY = createContextKey('test.state');
  const OTHER_KEY = createContextKey('test.other');
  const base = ROOT_CONTEXT.setValue(BASE_KEY, 'base value');
  const span = spanOf('b7ad6b7169203331');

  it('makes the span active and holds the value, over everything the parent holds', () => {
    const context = withActiveSpanAndValue(base, span, STATE_KEY, 'state');
    expect(trace.getSpan(context)).toBe(span);
    expect(context.getValue(STATE_KEY)).toBe('state');
    expect(context.getValue(BASE_KEY)).toBe('base value');
    expect(context.getValue(OTHER_KEY)).toBeUndefined();
  });

  it('keeps all three entries in contexts derived from it, without changing it', () => {
    const context = withActiveSpanAndValue(base, span, STATE_KEY, 'state');
    const child = spanOf('00f067aa0ba902b7');
    const derived = trace.setSpan(context.setValue(OTHER_KEY, 'other'), child);
    expect(trace.getSpan(derived)).toBe(child);
    expect(derived.getValue(STATE_KEY)).toBe('state');
    expect(derived.getValue(BASE_KEY)).toBe('base value');
    expect(derived.getValue(OTHER_KEY)).toBe('other');
    expect(trace.getSpan(context)).toBe(span);
    expect(context.getValue(OTHER_KEY)).toBeUndefined();
  });

  it('deletes either of its own entries in a derived context', () => {
    const context = withActiveSpanAndValue(base, span, STATE_KEY, 'state');
    const withoutSpan = trace.deleteSpan(context);
    expect(trace.getSpan(withoutSpan)).toBeUndefined();
    expect(withoutSpan.getValue(STATE_KEY)).toBe('state');
    const withoutState = context.deleteValue(STATE_KEY);
    expect(withoutState.getValue(STATE_KEY)).toBeUndefined();
    expect(trace.getSpan(withoutState)).toBe(span);
  });
});
