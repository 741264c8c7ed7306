/**
 * @dd-otel/nestjs: Datadog request spans for NestJS through the OpenTelemetry API.
 * @module
 */
export { DatadogModule } from './datadog.module.js';
export type { DatadogModuleAsyncOptions } from './async-options.js';
export type { DatadogModuleOptions, NestRequest } from './options.js';
export { Traced } from './traced.decorator.js';
export type { TracedOptions } from './traced-options.js';
export { DATADOG_MODULE_OPTIONS } from './tokens.js';
export { VERSION } from './version.js';
