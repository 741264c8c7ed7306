import { diag } from '@opentelemetry/api';
import { splitRegisterOptions } from './options.js';
import type { NextDatadogOptions } from './options.js';
import { isNodeRuntime } from './runtime.js';

/**
 * Sends Next.js's own spans to Datadog with Datadog's names. Call it from `register()` in
 * `instrumentation.ts`. In the Node.js runtime it registers dd-otel's tracer provider (or uses
 * the one already registered) and the Next.js span mapping; in the Edge runtime it does nothing.
 * Calling it again in the same process does nothing.
 *
 * @throws TypeError naming the option when an option is invalid.
 * @example
 * // instrumentation.ts
 * import { registerDatadog } from '@dd-otel/next';
 * export async function register() { await registerDatadog({ service: 'shop' }); }
 * export { onRequestError } from '@dd-otel/next';
 */
export async function registerDatadog(options?: NextDatadogOptions): Promise<void> {
  const { operationName, webOptions, coreOptions } = splitRegisterOptions(options);
  if (!isNodeRuntime()) return;
  let registerOnNode: typeof import('./register-node.js').registerOnNode;
  try {
    ({ registerOnNode } = await import('./register-node.js'));
  } catch (error) {
    diag.error(`@dd-otel/next: could not load the Node.js tracer: ${error instanceof Error ? error.message : String(error)}`);
    return;
  }
  registerOnNode(operationName, webOptions, coreOptions);
}
