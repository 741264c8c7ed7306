import { context as contextApi } from '@opentelemetry/api';
import type { Context } from '@opentelemetry/api';
import { DatadogContextManager } from './context-manager.js';

/**
 * Where `@opentelemetry/api` 1.x keeps its registered globals. Reading the context manager from
 * it directly skips the API's `getGlobal` (a version-compatibility check with a Set look-up) on
 * each `context.active()` and `context.with()`: `startActiveSpan` makes one of each per span.
 */
const API_GLOBAL_KEY = Symbol.for('opentelemetry.js.api.1');

interface ApiGlobals {
  readonly context?: unknown;
}

/**
 * dd-otel's own manager when it is the registered one, else `undefined` (the caller then goes
 * through the API). Only a compatible API can have registered it: registration through an API
 * of another version fails, and `register()` then disables the manager.
 */
function registeredDatadogManager(): DatadogContextManager | undefined {
  const globals = (globalThis as Record<symbol, ApiGlobals | undefined>)[API_GLOBAL_KEY];
  const manager = globals === undefined ? undefined : globals.context;
  return manager instanceof DatadogContextManager ? manager : undefined;
}

/** `context.active()`. */
export function activeContext(): Context {
  const manager = registeredDatadogManager();
  return manager !== undefined ? manager.active() : contextApi.active();
}

/** `context.with(context, fn, undefined, arg)`. */
export function withContext<A, R>(context: Context, fn: (arg: A) => R, arg: A): R {
  const manager = registeredDatadogManager();
  return manager !== undefined ? manager.runWith(context, fn, arg) : contextApi.with(context, fn, undefined, arg);
}
