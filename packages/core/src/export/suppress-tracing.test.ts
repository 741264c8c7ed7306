import { createContextKey, ROOT_CONTEXT } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import { isTracingSuppressed, suppressTracing, unsuppressTracing } from './suppress-tracing.js';

describe('suppressTracing', () => {
  it('marks a copy of the context and leaves the original alone', () => {
    const suppressed = suppressTracing(ROOT_CONTEXT);
    expect(isTracingSuppressed(suppressed)).toBe(true);
    expect(isTracingSuppressed(ROOT_CONTEXT)).toBe(false);
    expect(isTracingSuppressed(unsuppressTracing(suppressed))).toBe(false);
  });

  it("shares @opentelemetry/core's key, so either side's flag is seen by the other", () => {
    const coreKey = createContextKey('OpenTelemetry SDK Context Key SUPPRESS_TRACING');
    expect(isTracingSuppressed(ROOT_CONTEXT.setValue(coreKey, true))).toBe(true);
    expect(suppressTracing(ROOT_CONTEXT).getValue(coreKey)).toBe(true);
  });

  it('only counts the value true', () => {
    const coreKey = createContextKey('OpenTelemetry SDK Context Key SUPPRESS_TRACING');
    expect(isTracingSuppressed(ROOT_CONTEXT.setValue(coreKey, 'yes'))).toBe(false);
  });
});
