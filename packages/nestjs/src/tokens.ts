/**
 * Injection token of the module's checked options (`CheckedModuleOptions`). `Symbol.for` so the
 * ESM and CJS builds of this package agree on it.
 */
export const DATADOG_MODULE_OPTIONS = Symbol.for('@dd-otel/nestjs.options');
