/**
 * @dd-otel/next: Next.js's own OpenTelemetry spans, sent to Datadog with Datadog's names.
 * @module
 */
export { registerDatadog } from './register-datadog.js';
export { onRequestError } from './on-request-error.js';
export type { NextRequestErrorContext, NextRequestErrorRequest } from './on-request-error.js';
export { createNextSpanProcessor, NextSpanProcessor } from './next-span-processor.js';
export type { NextDatadogOptions, NextSpanProcessorOptions, RequestOperationName } from './options.js';
