import { diag } from '@opentelemetry/api';
import type { TracerProvider } from '@opentelemetry/api';
import { getRegisteredTracerProvider, init } from '@dd-otel/core';
import type { DatadogOptions, SpanProcessor } from '@dd-otel/core';
import { installFetchPropagation } from './fetch-propagation.js';
import { isDatadogConfig, isDefaultServerErrorStatus, settingsFromDatadogConfig } from './mapping-settings.js';
import type { MappingSettings } from './mapping-settings.js';
import { NextSpanProcessor } from './next-span-processor.js';
import type { RequestOperationName } from './options.js';
import { nextTracingState } from './shared-state.js';

type ProviderWithProcessors = TracerProvider & { addSpanProcessor(processor: SpanProcessor): void; config?: unknown };

/**
 * The Node.js half of `registerDatadog`, loaded with a dynamic `import()` so Edge bundles never
 * see `@dd-otel/core` or Node built-ins. Registers dd-otel's provider (unless the app already
 * registered one), attaches the Next.js span processor once per process, and turns on trace
 * header injection for outgoing `fetch`.
 *
 * @throws TypeError from `@dd-otel/core` when a core option is invalid.
 */
export function registerOnNode(operationName: RequestOperationName, coreOptions: DatadogOptions | undefined): void {
  const state = nextTracingState();
  if (state.processor !== undefined) {
    // `next dev` may run register() again after a reload; one processor is enough.
    diag.debug('@dd-otel/next: registerDatadog() already ran in this process');
    return;
  }
  const existing = getRegisteredTracerProvider();
  const provider: TracerProvider = existing ?? init(coreOptions);
  if (existing !== undefined && coreOptions !== undefined && Object.keys(coreOptions).length > 0) {
    diag.warn(
      '@dd-otel/next: a tracer provider was already registered (e.g. by --import @dd-otel/core/register); ' +
        'the options passed to registerDatadog() other than operationName are ignored',
    );
  }
  try {
    attachProcessor(provider, operationName, state);
    installFetchPropagation(state);
  } catch (error) {
    diag.error(`@dd-otel/next: could not set up Next.js tracing: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function attachProcessor(
  provider: TracerProvider,
  operationName: RequestOperationName,
  state: ReturnType<typeof nextTracingState>,
): void {
  if (!acceptsProcessors(provider)) {
    state.processor = null;
    diag.warn(
      '@dd-otel/next: the registered OpenTelemetry tracer provider does not accept span processors; ' +
        "Next.js spans keep Next's own names. Pass createNextSpanProcessor() in its spanProcessors option.",
    );
    return;
  }
  const processor = new NextSpanProcessor(settingsFor(provider, operationName), state);
  provider.addSpanProcessor(processor);
  state.processor = processor;
}

function acceptsProcessors(provider: TracerProvider): provider is ProviderWithProcessors {
  return typeof (provider as Partial<ProviderWithProcessors>).addSpanProcessor === 'function';
}

function settingsFor(provider: ProviderWithProcessors, operationName: RequestOperationName): MappingSettings {
  if (isDatadogConfig(provider.config)) return settingsFromDatadogConfig(operationName, provider.config);
  // A provider that is not dd-otel's has no Datadog configuration to follow: be safe with queries.
  return { operationName, queryObfuscation: 'drop', isServerErrorStatus: isDefaultServerErrorStatus };
}
