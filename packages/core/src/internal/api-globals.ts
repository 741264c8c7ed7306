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

/** The API's globals object, once an API has registered anything. */
function apiGlobals(): ApiGlobals | undefined {
  return (globalThis as Record<symbol, ApiGlobals | undefined>)[API_GLOBAL_KEY];
}

/**
 * The registered context manager, or undefined. Only a compatible API can have registered
 * dd-otel's own objects: registration through an API of another version fails, and `register()`
 * then turns them off; callers check `instanceof` before using what this returns. One function
 * per global, each with its own literal-key load: one shared `globals[type]` site sees two
 * names, which V8 treats as megamorphic (~200 instructions a read, on every request).
 */
export function registeredContextManager(): unknown {
  const globals = apiGlobals();
  return globals === undefined ? undefined : globals.context;
}

/** The registered propagator, or undefined (see `registeredContextManager`). */
export function registeredPropagator(): unknown {
  const globals = apiGlobals();
  return globals === undefined ? undefined : globals.propagation;
}
