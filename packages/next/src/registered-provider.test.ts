import { ProxyTracerProvider, trace } from '@opentelemetry/api';
import type { Tracer, TracerProvider } from '@opentelemetry/api';
import { afterEach, describe, expect, it } from 'vitest';
import { registeredTracerProvider, restoreNoopProviderName } from './registered-provider.js';

describe('registeredTracerProvider', () => {
  afterEach(() => {
    trace.disable();
  });

  it('is undefined while only the API no-op is there', () => {
    expect(registeredTracerProvider()).toBeUndefined();
  });

  it("still recognises the no-op when a minifier renamed its class (Next's server bundle)", () => {
    const noopClass = new ProxyTracerProvider().getDelegate().constructor;
    const original = Object.getOwnPropertyDescriptor(noopClass, 'name')!;
    Object.defineProperty(noopClass, 'name', { value: 'e', configurable: true });
    try {
      expect(registeredTracerProvider()).toBeUndefined();
    } finally {
      Object.defineProperty(noopClass, 'name', original);
    }
  });

  it("gives a minified no-op its class name back, so @dd-otel/core's name check holds", () => {
    const noopClass = new ProxyTracerProvider().getDelegate().constructor;
    const original = Object.getOwnPropertyDescriptor(noopClass, 'name')!;
    Object.defineProperty(noopClass, 'name', { value: 'e', configurable: true });
    try {
      restoreNoopProviderName();
      expect(noopClass.name).toBe('NoopTracerProvider');
    } finally {
      Object.defineProperty(noopClass, 'name', original);
    }
  });

  it('returns the provider the app registered', () => {
    const provider: TracerProvider = { getTracer: (): Tracer => trace.getTracer('unused') };
    trace.setGlobalTracerProvider(provider);
    expect(registeredTracerProvider()).toBe(provider);
  });
});
