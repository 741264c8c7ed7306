import { context as contextApi } from '../internal/otel-api.js';
import type { Context } from '@opentelemetry/api';
import { registeredContextManager } from '../internal/api-globals.js';
import { DatadogContextManager } from './context-manager.js';

/**
 * dd-otel's own manager when it is the registered one, else `undefined` (the caller then goes
 * through the API). Only a compatible API can have registered it: registration through an API
 * of another version fails, and `register()` then disables the manager.
 */
function registeredDatadogManager(): DatadogContextManager | undefined {
  const manager = registeredContextManager();
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
