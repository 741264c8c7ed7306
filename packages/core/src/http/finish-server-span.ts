import { SpanStatusCode } from '../internal/otel-api.js';
import type { Exception, Span } from '@opentelemetry/api';
import { logger } from '../internal/diag.js';
import { applyHeaderTags } from './header-tags.js';
import { describeError } from './describe-error.js';
import { setResourceAttribute, setRouteAttribute, setStatusAttributes } from './final-attributes.js';
import { httpEndpoint } from './http-endpoint.js';
import type { HttpRequestLike, HttpResponseLike } from './http-types.js';
import type { ServerRequestState } from './request-state.js';

/**
 * The attributes the app (or a hook) may have set, to read some back. dd-otel's spans and the OTel
 * SDK's both expose `attributes`; for spans that do not, nothing is known to be set. Callers read
 * each key with a literal (`attributes?.['http.route']`): one shared `attributes[key]` load saw
 * every key and V8 made it megamorphic (~140 instructions a read through its generic stub).
 */
function spanAttributes(span: Span): Readonly<Record<string, unknown>> | undefined {
  const attributes = (span as { attributes?: unknown }).attributes;
  return typeof attributes === 'object' && attributes !== null ? (attributes as Record<string, unknown>) : undefined;
}

function asException(error: unknown): Exception {
  if (typeof error === 'object' && error !== null) return error as Exception;
  return describeError(error);
}

/** The exception's message, if it has a readable string one (getters may throw). */
function messageOf(exception: Exception): string | undefined {
  if (typeof exception === 'string') return exception;
  try {
    const message: unknown = exception.message;
    return typeof message === 'string' ? message : undefined;
  } catch {
    return undefined;
  }
}

function isSuccess(validateStatus: (status: number) => boolean, status: number): boolean {
  try {
    return validateStatus(status) !== false;
  } catch (error) {
    logger.error(`validateStatus threw for status ${status}: ${describeError(error)}`);
    return status < 500;
  }
}

/** 5xx (per `validateStatus`): the remembered exception, else the status as OTel `error.type`. */
function markError(state: ServerRequestState, status: number): void {
  const { span } = state;
  if (state.hasError) {
    const exception = asException(state.error);
    span.recordException(exception);
    const message = messageOf(exception);
    span.setStatus(message === undefined ? { code: SpanStatusCode.ERROR } : { code: SpanStatusCode.ERROR, message });
  } else {
    span.setAttribute('error.type', String(status));
    span.setStatus({ code: SpanStatusCode.ERROR });
  }
}

/** `String(status)` for the usual codes, made once: the same string every time is cheaper to send. */
const STATUS_TEXTS: string[] = [];

function statusText(status: number): string {
  if (!Number.isInteger(status) || status < 100 || status > 599) return String(status);
  return (STATUS_TEXTS[status] ??= String(status));
}

/** `GET /users/:id` per method and route, made once (bounded: a hook may set any `http.route`). */
const resourceNames = new Map<string, Map<string, string>>();
const MAX_CACHED_ROUTES_PER_METHOD = 512;
const MAX_CACHED_METHODS = 32;

function resourceName(method: string, route: string): string {
  let byRoute = resourceNames.get(method);
  if (byRoute === undefined) {
    if (resourceNames.size >= MAX_CACHED_METHODS) return `${method} ${route}`;
    resourceNames.set(method, (byRoute = new Map()));
  }
  let name = byRoute.get(route);
  if (name === undefined) {
    name = `${method} ${route}`;
    if (byRoute.size < MAX_CACHED_ROUTES_PER_METHOD) byRoute.set(route, name);
  }
  return name;
}

/**
 * `http.endpoint` for a request no route matched, as dd-trace-js's web.js (`applyRouteOrEndpointTag`)
 * does: from the span's `http.url`, unless the span already has an `http.route` (set by the app)
 * or an `http.endpoint`. The resource is left alone: dd-trace-js names it from `http.route` only.
 */
function tagHttpEndpoint(span: Span, req: HttpRequestLike): void {
  const attributes = spanAttributes(span);
  if (attributes?.['http.route'] !== undefined || attributes?.['http.endpoint'] !== undefined) return;
  // Another provider's span may not expose its attributes: the request's URL has the same path.
  const url = attributes === undefined ? (req.originalUrl ?? req.url) : attributes['http.url'];
  span.setAttribute('http.endpoint', typeof url === 'string' && url !== '' ? httpEndpoint(url) : '/');
}

function completeSpan(state: ServerRequestState, aborted: boolean): void {
  const { span, req, res, tracing } = state;
  const settings = tracing.settings();
  // An aborted request that never sent headers has no status; res.statusCode would claim 200.
  const status = aborted && !res.headersSent ? undefined : res.statusCode;
  const route = state.route ?? tracing.resolveRoute(req);
  if (status !== undefined) setStatusAttributes(span, statusText(status), status);
  if (route !== undefined && spanAttributes(span)?.['http.route'] === undefined) setRouteAttribute(span, route);
  // The flag first: with renaming off (the default) this costs a request one field read.
  if (settings.resourceRenamingEnabled && route === undefined) tagHttpEndpoint(span, req);
  if (settings.headerTags.length > 0) applyHeaderTags(span, settings.headerTags, req, res);
  if (aborted) {
    span.setAttribute('http.aborted', true);
    span.addEvent('http.aborted');
  }
  if (status !== undefined && !isSuccess(settings.validateStatus, status)) markError(state, status);
  if (settings.requestHook !== undefined) {
    try {
      settings.requestHook(span, req, res);
    } catch (error) {
      logger.error(`${tracing.packageName}: hooks.request threw: ${describeError(error)}`);
    }
  }
  // After the hook, so a hook's resource.name or http.route wins.
  // Read again: the hook may have set attributes (on a span that had none, a new object).
  const finalAttributes = spanAttributes(span);
  if (finalAttributes?.['resource.name'] === undefined) {
    // Read at the end, as dd-trace does: a method override (`method-override`) names the resource.
    const method = req.method ?? 'GET';
    const finalRoute = finalAttributes?.['http.route'] ?? route;
    setResourceAttribute(span, typeof finalRoute === 'string' && finalRoute !== '' ? resourceName(method, finalRoute) : method);
  }
  // instrumentation-http renames its span and sets http.route from this when it ends the span.
  if (state.rpcMetadata !== undefined && route !== undefined) state.rpcMetadata.route = route;
}

/**
 * Gives the request span its final attributes (status, route, resource, header tags, error,
 * hook) and ends it when dd-otel owns it. Runs once per request; later calls do nothing. Plugins
 * rarely call it: `startServerSpan` arranges it on the response's `close`. Never throws.
 */
export function finishServerSpan(state: ServerRequestState, aborted = false): void {
  if (state.finished) return;
  state.finished = true;
  try {
    completeSpan(state, aborted);
  } catch (error) {
    logger.error(`${state.tracing.packageName}: could not complete the request span: ${describeError(error)}`);
  }
  if (!state.ownsSpan) return;
  try {
    state.span.end();
  } catch (error) {
    // Only another provider's span can throw here; the response must not notice.
    logger.error(`${state.tracing.packageName}: could not end the request span: ${describeError(error)}`);
  }
}

/**
 * What the response's `close` means for its span: Node emits it right after `finish`, or alone
 * when the client went away, so a response that is not finished was aborted.
 */
export function finishOnResponseClose(state: ServerRequestState, res: HttpResponseLike): void {
  finishServerSpan(state, res.writableFinished !== true);
}

/**
 * A pipelined request's response waits behind the one before it, without a socket; if the
 * connection drops first, Node destroys the request but never closes that response, so its
 * span would stay open. For such a response only, the span also ends (as aborted) when the
 * request closes aborted. A response that has its socket always closes: then nothing is added,
 * which is the usual case, and costs nothing per request.
 */
export function endWhenQueuedRequestAborts(state: ServerRequestState, req: HttpRequestLike, res: HttpResponseLike): void {
  if ((res as { socket?: unknown }).socket != null) return;
  const request = req as HttpRequestLike & { aborted?: unknown; on?: (event: 'close', listener: () => void) => unknown };
  if (typeof request.on !== 'function') return;
  request.on('close', () => {
    if (request.aborted === true) finishServerSpan(state, true);
  });
}
