import { ProxyTracerProvider, trace } from '@opentelemetry/api';
import type { TracerProvider } from '@opentelemetry/api';

/** The OTel API's own no-op provider: what an unregistered proxy delegates to. */
const API_NOOP_PROVIDER = new ProxyTracerProvider().getDelegate();

/**
 * The tracer provider the app registered globally, or undefined when there is none.
 *
 * The no-op is recognised by identity first: Next minifies the server bundle (including the OTel
 * API), so the no-op's class is no longer called `NoopTracerProvider` there. The name check is
 * kept for a no-op coming from another copy of the API.
 */
export function registeredTracerProvider(): TracerProvider | undefined {
  const current: TracerProvider = trace.getTracerProvider();
  const getDelegate = (current as Partial<ProxyTracerProvider>).getDelegate;
  const delegate = typeof getDelegate === 'function' ? getDelegate.call(current) : current;
  if (delegate === API_NOOP_PROVIDER || delegate.constructor?.name === 'NoopTracerProvider') return undefined;
  return delegate;
}

/**
 * Next minifies the server bundle, OTel API included, so the API's no-op provider class loses its
 * name, and `@dd-otel/core` 0.1.0 recognises the no-op by that name: it would take the no-op for
 * an app's own provider and refuse to register. Giving the class its name back keeps core's
 * check right. Only ever applied to the API's own no-op; remove once core compares by identity.
 */
export function restoreNoopProviderName(): void {
  const noopClass = API_NOOP_PROVIDER.constructor;
  if (noopClass.name === 'NoopTracerProvider') return;
  try {
    Object.defineProperty(noopClass, 'name', { value: 'NoopTracerProvider', configurable: true });
  } catch {
    // A frozen class: core then warns that another provider is registered.
  }
}
