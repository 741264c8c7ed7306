import { createContextKey } from '../internal/otel-api.js';
import type { Context, Span } from '@opentelemetry/api';
import { activeContext, withContext } from '../provider/active-context.js';
import { SPAN_KEY, contextWith } from '../span/context-entry.js';
import type { RPCMetadata } from './rpc-metadata.js';
import type { HttpRequestLike, HttpResponseLike } from './http-types.js';
import type { HttpServerTracing } from './http-server-tracing.js';

/**
 * The request state travels in the request's context, next to its span: handlers, error
 * middleware and other plugins of the same request find it there. Not on the request object:
 * Express switches the prototype of every request, after which each property added to it builds
 * a new hidden class; and not in a WeakMap, whose short-lived keys cost the garbage collector
 * more than a context entry. Registered key, so the ESM and CJS builds of core share it.
 */
const STATE_KEY = createContextKey('@dd-otel/core.http.server-request');

/**
 * What dd-otel knows about one traced request, from the start of its span to the end. It is also
 * the request's context (`context` is the state itself): it answers for this state and, when
 * dd-otel owns the span, the active span, and asks the context the request started from for
 * anything else. One object per request where two context entries over a state were made.
 */
export class ServerRequestState<
  Req extends HttpRequestLike = HttpRequestLike,
  Res extends HttpResponseLike = HttpResponseLike,
> implements Context {
  /** Route template (`/users/:id`) when a plugin set it; else `resolveRoute` is asked at the end. */
  route: string | undefined = undefined;
  /** The last exception the framework reported for this request (`hasError` tells it was set). */
  error: unknown = undefined;
  hasError = false;
  /** Set once the span got its final attributes (and was ended, when dd-otel owns it). */
  finished = false;

  /** The context to run the framework's handlers in: the span is active in it, and this state. */
  readonly context: Context;
  private readonly baseContext: Context;

  constructor(
    readonly tracing: HttpServerTracing<Req, Res>,
    /** The request span: dd-otel's own, or the server span of another instrumentation it enriches. */
    readonly span: Span,
    /**
     * The context the request runs in: the parent of dd-otel's own span, or, for another
     * instrumentation's span, the context in which that span is already active.
     */
    baseContext: Context,
    /** True when dd-otel started the span and therefore ends it (and makes it active here). */
    readonly ownsSpan: boolean,
    readonly req: Req,
    readonly res: Res,
    /** instrumentation-http's per-request metadata, when its span is the one enriched. */
    readonly rpcMetadata: RPCMetadata | undefined,
  ) {
    this.baseContext = baseContext;
    this.context = this;
  }

  getValue(key: symbol): unknown {
    if (key === STATE_KEY) return this;
    if (key === SPAN_KEY && this.ownsSpan) return this.span;
    return this.baseContext.getValue(key);
  }

  setValue(key: symbol, value: unknown): Context {
    return contextWith(this, key, value);
  }

  deleteValue(key: symbol): Context {
    return contextWith(this, key, undefined);
  }

  /**
   * Calls `fn(undefined)` with the request's context active: `context.with(this.context, fn)`,
   * straight through dd-otel's context manager when it is the registered one. What a plugin runs
   * the rest of the request in (Express's `next`, Fastify's `done`).
   */
  run<R>(fn: (arg: undefined) => R): R {
    return withContext(this.context, fn, undefined);
  }
}

/** The state of whichever request the context belongs to (any request, unlike `getServerRequestState`). */
export function requestStateIn(context: Context): ServerRequestState | undefined {
  return context.getValue(STATE_KEY) as ServerRequestState | undefined;
}

/**
 * The state of `req` when a dd-otel plugin traces it, looked up in the active context (so from
 * the request's handlers, middleware, hooks and error handlers). Express calls it (through the
 * `req.route` accessor) twice per request: dd-otel's own manager is asked directly, not through
 * the API's global look-up (seven calls through four functions each time).
 */
export function getServerRequestState<Req extends HttpRequestLike, Res extends HttpResponseLike>(
  req: Req,
  context: Context = activeContext(),
): ServerRequestState<Req, Res> | undefined {
  const state = context.getValue(STATE_KEY) as ServerRequestState<Req, Res> | undefined;
  return state !== undefined && state.req === req ? state : undefined;
}

/** Sets the route template of a traced request (`/users/:id`); it becomes `http.route` and the resource. */
export function setServerRoute(req: HttpRequestLike, route: string): void {
  const state = getServerRequestState(req);
  if (state !== undefined && typeof route === 'string') state.route = route;
}

/**
 * Remembers an exception the framework saw for this request (the last one wins). It is attached
 * to the span (`error.*`, exception event) only if the final status is an error.
 */
export function recordServerError(req: HttpRequestLike, error: unknown): void {
  const state = getServerRequestState(req);
  // 'route' and 'router' are Express routing signals, not errors.
  if (state === undefined || error === undefined || error === null || error === 'route' || error === 'router') return;
  state.error = error;
  state.hasError = true;
}
