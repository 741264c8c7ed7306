import { ProxyTracerProvider, trace } from './otel-api.js';
import type { TracerProvider } from '@opentelemetry/api';

/** The OTel API's own no-op provider: what an unset proxy delegates to. */
const NOOP_TRACER_PROVIDER = new ProxyTracerProvider().getDelegate();

/**
 * True for the API's no-op provider. Compared by identity first: bundlers minify class names
 * (Next.js does), so the name is only a fallback for a second copy of the API package.
 */
export function isNoopTracerProvider(provider: TracerProvider): boolean {
  return provider === NOOP_TRACER_PROVIDER || provider.constructor?.name === 'NoopTracerProvider';
}

/** The globally registered OTel tracer provider, or undefined when none (only the API's no-op) is. */
export function getRegisteredTracerProvider(): TracerProvider | undefined {
  const current = trace.getTracerProvider();
  const delegate = current instanceof ProxyTracerProvider ? current.getDelegate() : current;
  return isNoopTracerProvider(delegate) ? undefined : delegate;
}
