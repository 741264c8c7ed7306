/**
 * Where `@opentelemetry/api` 1.x keeps its registered globals. Reading one directly skips the
 * API's `getGlobal` (a version-compatibility check with a Set look-up) and its wrapper calls:
 * core's request and span paths ask for the context manager and the propagator several times per
 * request, and use them directly when they are dd-otel's own.
 */
const API_GLOBAL_KEY = Symbol.for('opentelemetry.js.api.1');

interface ApiGlobals {
  readonly context?: unknown;
  readonly propagation?: unknown;
}

/**
 * The registered global of `type`, or undefined. Only a compatible API can have registered
 * dd-otel's own objects: registration through an API of another version fails, and `register()`
 * then turns them off; callers check `instanceof` before using what this returns.
 */
export function registeredApiGlobal(type: keyof ApiGlobals): unknown {
  const globals = (globalThis as Record<symbol, ApiGlobals | undefined>)[API_GLOBAL_KEY];
  return globals === undefined ? undefined : globals[type];
}
