/**
 * @dd-otel/next for Edge and browser bundles (package.json `edge-light`/`worker`/`browser`
 * conditions): the same surface as the Node.js entry, without `@dd-otel/core` or any Node
 * built-in. `registerDatadog` only validates its options; Next's Edge spans are not exported.
 * @module
 */
import { splitRegisterOptions } from './options.js';
import type { NextDatadogOptions } from './options.js';

export { onRequestError } from './on-request-error.js';
export type { NextRequestErrorContext, NextRequestErrorRequest } from './on-request-error.js';
export { createNextSpanProcessor, NextSpanProcessor } from './next-span-processor.js';
export type { NextDatadogOptions, NextSpanProcessorOptions, RequestOperationName } from './options.js';

/** Edge runtime: a documented no-op (validates options so mistakes show up in both runtimes). */
export async function registerDatadog(options?: NextDatadogOptions): Promise<void> {
  splitRegisterOptions(options);
}
