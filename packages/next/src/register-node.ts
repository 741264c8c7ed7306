import { diag } from '@opentelemetry/api';
import type { TracerProvider } from '@opentelemetry/api';
import { getRegisteredTracerProvider, init } from '@dd-otel/core';
import type { DatadogOptions, SpanProcessor } from '@dd-otel/core';
import { installFetchPropagation } from './fetch-propagation.js';
import { NextSpanProcessor } from './next-span-processor.js';
import { nodeMappingSettings } from './node-settings.js';
import type { RequestOperationName } from './options.js';
import { nextTracingState } from './shared-state.js';
import type { CheckedNextWebOptions } from './web-options.js';

type ProviderWithProcessors = TracerProvider & { addSpanProcessor(processor: SpanProcessor): void; config?: unknown };

/**
 * The Node.js half of `registerDatadog`, loaded with a dynamic `import()` so Edge bundles never
 * see `@dd-otel/core` or Node built-ins. Registers dd-otel's provider (unless the app already
 * registered one), attaches the Next.js span processor once per process, and turns on trace
 * header injection for outgoing `fetch`.
 *
 * @throws TypeError from `@dd-otel/core` when a core option is invalid.
 */
export function registerOnNode(
  operationName: RequestOperationName,
  webOptions: CheckedNextWebOptions,
  coreOptions: DatadogOptions | undefined,
): void {
  const state = nextTracingState();
  if (state.processor !== undefined) {
    // `next dev` may run register() again after a reload; one processor is enough.
    diag.debug('@dd-otel/next: registerDatadog() already ran in this process');
    return;
  }
  const existing = getRegisteredTracerProvider();
  const provider: TracerProvider = existing ?? init(coreOptions);
  if (existing !== undefined && hasTracerOnlyOptions(coreOptions)) {
    diag.warn(
      '@dd-otel/next: a tracer provider was already registered (e.g. by --import @dd-otel/core/register); ' +
        'the options passed to registerDatadog() other than operationName, clientIpEnabled, clientIpHeader ' +
        'and resourceRenamingEnabled are ignored',
    );
  }
  try {
    attachProcessor(provider, operationName, webOptions, state);
    installFetchPropagation(state);
  } catch (error) {
    diag.error(`@dd-otel/next: could not set up Next.js tracing: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** The web options also apply to Next's spans under someone else's provider: only the rest is lost. */
const NEXT_SPAN_OPTIONS: ReadonlySet<string> = new Set(['clientIpEnabled', 'clientIpHeader', 'resourceRenamingEnabled']);

function hasTracerOnlyOptions(coreOptions: DatadogOptions | undefined): boolean {
  return coreOptions !== undefined && Object.keys(coreOptions).some((key) => !NEXT_SPAN_OPTIONS.has(key));
}

function attachProcessor(
  provider: TracerProvider,
  operationName: RequestOperationName,
  webOptions: CheckedNextWebOptions,
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
  const processor = new NextSpanProcessor(nodeMappingSettings(provider, operationName, webOptions), state);
  provider.addSpanProcessor(processor);
  state.processor = processor;
}

function acceptsProcessors(provider: TracerProvider): provider is ProviderWithProcessors {
  return typeof (provider as Partial<ProviderWithProcessors>).addSpanProcessor === 'function';
}
