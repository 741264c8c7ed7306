import type { TracerProvider } from '@opentelemetry/api';
import type { DatadogOptions } from './config/options.js';
import { logger } from './internal/diag.js';
import { getRegisteredTracerProvider } from './internal/noop-provider.js';
import { DatadogTracerProvider } from './provider/tracer-provider.js';

// Shared by the ESM and CJS builds of this package, so a process has one dd-otel provider even
// when both module systems load it.
const INSTANCE_KEY = Symbol.for('@dd-otel/core.provider');
type GlobalSlot = { [INSTANCE_KEY]?: DatadogTracerProvider };

/**
 * Builds a `DatadogTracerProvider` from options and the environment, registers it globally
 * (tracer provider, context manager, propagator) and returns it. A second call returns the first
 * provider and warns that its options were ignored.
 *
 * @throws TypeError when an option is invalid (the message names it).
 * @example
 * import { init } from '@dd-otel/core';
 * init({ service: 'checkout', env: 'prod' });
 */
export function init(options?: DatadogOptions): DatadogTracerProvider {
  const slot = globalThis as GlobalSlot;
  const existing = slot[INSTANCE_KEY];
  if (existing) {
    if (options !== undefined) logger.warn('init() was already called; the options of this call are ignored');
    return existing;
  }
  const provider = new DatadogTracerProvider(options);
  provider.register();
  slot[INSTANCE_KEY] = provider;
  return provider;
}

/** The provider `init()` created in this process, if any. */
export function getInitializedProvider(): DatadogTracerProvider | undefined {
  return (globalThis as GlobalSlot)[INSTANCE_KEY];
}

export { getRegisteredTracerProvider };

/**
 * What framework plugins call: use the tracer provider the app registered (dd-otel's or its own
 * OTel SDK's), or initialise dd-otel from the environment when there is none.
 */
export function ensureTracerProvider(): TracerProvider {
  return getRegisteredTracerProvider() ?? init();
}
