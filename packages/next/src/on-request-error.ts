import { diag, SpanStatusCode, trace } from '@opentelemetry/api';
import type { Attributes, Span } from '@opentelemetry/api';
import { describeRequestError, isControlFlowError } from './request-error-details.js';
import { nextTracingState } from './shared-state.js';

/** The request Next passes to `onRequestError` (Next's `Instrumentation.onRequestError`). */
export interface NextRequestErrorRequest {
  readonly path: string;
  readonly method: string;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
}

/** The context Next passes to `onRequestError`; string-typed so every Next ≥ 15 version fits. */
export interface NextRequestErrorContext {
  readonly routerKind: string;
  readonly routePath: string;
  readonly routeType: string;
  readonly renderSource?: string;
  readonly revalidateReason?: string;
  readonly renderType?: string;
}

const CONTEXT_ATTRIBUTES: ReadonlyArray<[keyof NextRequestErrorContext, string]> = [
  ['routerKind', 'next.router_kind'],
  ['routePath', 'next.route_path'],
  ['routeType', 'next.route_type'],
  ['renderSource', 'next.render_source'],
  ['revalidateReason', 'next.revalidate_reason'],
  ['renderType', 'next.render_type'],
];

/**
 * Next's `onRequestError` instrumentation hook: records the error on the request span (found
 * from whichever span is active when Next calls the hook) with `error.type/message/stack`, an
 * `exception` event and the route context, and marks the request as an error, since the error
 * escaped to Next. Works in both runtimes; never throws.
 *
 * @example
 * // instrumentation.ts
 * export { onRequestError } from '@dd-otel/next';
 */
export function onRequestError(
  error: unknown,
  _request: NextRequestErrorRequest,
  context: NextRequestErrorContext,
): void {
  try {
    recordRequestError(error, context);
  } catch (internal) {
    diag.error(`@dd-otel/next: onRequestError failed: ${internal instanceof Error ? internal.message : String(internal)}`);
  }
}

function recordRequestError(error: unknown, context: NextRequestErrorContext | undefined): void {
  const details = describeRequestError(error);
  if (isControlFlowError(details)) return;
  const state = nextTracingState();
  const active = trace.getActiveSpan();
  const requestSpan = active === undefined ? undefined : state.requestSpans.get(active);
  // The request span can have ended while a streamed render still failed: then the span that is
  // still open (the render) gets the error rather than nothing.
  const target = recording(requestSpan) ?? recording(active);
  if (target === undefined) return;
  target.recordException({ name: details.type, message: details.message, stack: details.stack });
  target.setAttributes(contextAttributes(context, details.digest));
  target.setStatus({ code: SpanStatusCode.ERROR, message: details.message });
  state.recordedErrors.set(target, details);
  if (typeof context?.routePath === 'string' && context.routePath !== '') {
    state.errorRoutePaths.set(target, context.routePath);
  }
}

function recording(span: Span | undefined): Span | undefined {
  return span !== undefined && span.isRecording() ? span : undefined;
}

function contextAttributes(context: NextRequestErrorContext | undefined, digest: string | undefined): Attributes {
  const attributes: Attributes = {};
  if (context !== null && typeof context === 'object') {
    for (const [key, attribute] of CONTEXT_ATTRIBUTES) {
      const value: unknown = context[key];
      if (typeof value === 'string' && value !== '') attributes[attribute] = value;
    }
  }
  if (digest !== undefined) attributes['next.error.digest'] = digest;
  return attributes;
}
