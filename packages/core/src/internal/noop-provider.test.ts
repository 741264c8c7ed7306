import { ProxyTracerProvider, trace } from '@opentelemetry/api';
import type { Tracer, TracerProvider } from '@opentelemetry/api';
import { afterEach, describe, expect, it } from 'vitest';
import { getRegisteredTracerProvider } from './noop-provider.js';

describe('getRegisteredTracerProvider', () => {
  afterEach(() => {
    trace.disable();
  });

  it('is undefined while only the API no-op is there', () => {
    expect(getRegisteredTracerProvider()).toBeUndefined();
  });

  it("still recognises the no-op when a minifier renamed its class (Next's server bundle)", () => {
    const noopClass = new ProxyTracerProvider().getDelegate().constructor;
    const original = Object.getOwnPropertyDescriptor(noopClass, 'name')!;
    Object.defineProperty(noopClass, 'name', { value: 'e', configurable: true });
    try {
      expect(getRegisteredTracerProvider()).toBeUndefined();
    } finally {
      Object.defineProperty(noopClass, 'name', original);
    }
  });

  it('returns the provider the app registered', () => {
    const provider: TracerProvider = { getTracer: (): Tracer => trace.getTracer('unused') };
    trace.setGlobalTracerProvider(provider);
    expect(getRegisteredTracerProvider()).toBe(provider);
  });
});
