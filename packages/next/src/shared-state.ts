import type { Span } from '@opentelemetry/api';

/** What `onRequestError` recorded on a request span, re-applied when the span ends. */
export interface RecordedRequestError {
  type: string;
  message: string | undefined;
  stack: string | undefined;
}

/**
 * State shared by every copy of this package in the process. Next bundles `instrumentation.ts`
 * separately from the server, and the package ships ESM and CJS builds, so module-level
 * variables could exist twice; a `Symbol.for` slot on `globalThis` exists once.
 */
export interface NextTracingState {
  /** Any span started under a Next request → that request's `BaseServer.handleRequest` span. */
  readonly requestSpans: WeakMap<object, Span>;
  /** Request span → the error `onRequestError` recorded on it. */
  readonly recordedErrors: WeakMap<object, RecordedRequestError>;
  /** Request span → `routePath` from `onRequestError`, a fallback when Next set no route. */
  readonly errorRoutePaths: WeakMap<object, string>;
  /**
   * Request span → `next.route` of the first Next span under it that had one (the page Next
   * resolved, e.g. `/_not-found` for a 404), the last fallback for the resource.
   */
  readonly pageRoutes: WeakMap<object, string>;
  /** The one span processor `registerDatadog` installed (set once). */
  processor: unknown;
  /** True once outgoing-fetch header injection is subscribed. */
  fetchPropagationInstalled: boolean;
}

const STATE_KEY = Symbol.for('@dd-otel/next.state');
type GlobalSlot = { [STATE_KEY]?: NextTracingState };

export function nextTracingState(): NextTracingState {
  const slot = globalThis as GlobalSlot;
  return (slot[STATE_KEY] ??= {
    requestSpans: new WeakMap(),
    recordedErrors: new WeakMap(),
    errorRoutePaths: new WeakMap(),
    pageRoutes: new WeakMap(),
    processor: undefined,
    fetchPropagationInstalled: false,
  });
}
