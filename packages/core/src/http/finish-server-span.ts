import { SpanStatusCode } from '@opentelemetry/api';
import type { Exception, Span } from '@opentelemetry/api';
import { logger } from '../internal/diag.js';
import { applyHeaderTags } from './header-tags.js';
import { describeError } from './describe-error.js';
import type { ServerRequestState } from './request-state.js';

/**
 * Reads back an attribute the app (or a hook) may have set. dd-otel's spans and the OTel SDK's
 * both expose `attributes`; for spans that do not, nothing is known to be set.
 */
function readSpanAttribute(span: Span, key: string): unknown {
  const attributes = (span as { attributes?: unknown }).attributes;
  return typeof attributes === 'object' && attributes !== null ? (attributes as Record<string, unknown>)[key] : undefined;
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

function completeSpan(state: ServerRequestState, aborted: boolean): void {
  const { span, req, res, tracing } = state;
  const settings = tracing.settings();
  // An aborted request that never sent headers has no status; res.statusCode would claim 200.
  const status = aborted && !res.headersSent ? undefined : res.statusCode;
  const route = state.route ?? tracing.resolveRoute(req);
  if (status !== undefined) {
    span.setAttribute('http.status_code', String(status));
    span.setAttribute('http.response.status_code', status);
  }
  if (route !== undefined && readSpanAttribute(span, 'http.route') === undefined) span.setAttribute('http.route', route);
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
  if (readSpanAttribute(span, 'resource.name') === undefined) {
    const method = req.method ?? 'GET';
    const finalRoute = readSpanAttribute(span, 'http.route') ?? route;
    span.setAttribute('resource.name', typeof finalRoute === 'string' && finalRoute !== '' ? `${method} ${finalRoute}` : method);
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
