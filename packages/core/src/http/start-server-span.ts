import { ROOT_CONTEXT, SpanKind, trace } from '../internal/otel-api.js';
import type { Attributes, Context, Span } from '@opentelemetry/api';
import { RPC_TYPE_HTTP, getRPCMetadata } from './rpc-metadata.js';
import type { RPCMetadata } from './rpc-metadata.js';
import { logger } from '../internal/diag.js';
import { endWhenQueuedRequestAborts, finishOnResponseClose, finishServerSpan } from './finish-server-span.js';
import type { HttpRequestLike, HttpResponseLike } from './http-types.js';
import { describeError } from './describe-error.js';
import type { HttpServerTracing } from './http-server-tracing.js';
import { builtRequestAttributes, requestStartAttributes } from './request-attributes.js';
import { activeContext } from '../provider/active-context.js';
import { DatadogTracer } from '../provider/tracer.js';
import { extractRequestContext } from '../propagation/extract-request-context.js';
import { endOnResponseClose, requestStartFactsOf } from './request-start-facts.js';
import { requestStateIn, ServerRequestState } from './request-state.js';

interface ForeignServerSpan {
  span: Span;
  rpcMetadata: RPCMetadata | undefined;
}

/**
 * The server span another instrumentation opened for this request, if the active context has
 * one: instrumentation-http marks its span with RPC metadata; others are recognised by kind.
 */
function findActiveServerSpan(active: Context): ForeignServerSpan | undefined {
  const rpcMetadata = getRPCMetadata(active);
  if (rpcMetadata?.type === RPC_TYPE_HTTP && rpcMetadata.span !== undefined) {
    return { span: rpcMetadata.span, rpcMetadata };
  }
  const span = trace.getSpan(active);
  if (span !== undefined && (span as { kind?: unknown }).kind === SpanKind.SERVER && span.isRecording()) {
    return { span, rpcMetadata: undefined };
  }
  return undefined;
}

/**
 * Starts the one server span of a request, or returns the state of the one already there:
 * - a dd-otel plugin already traces this request → its state (nothing new);
 * - the active span is another instrumentation's SERVER span → it is enriched (name,
 *   `operation.name`, `component`, Datadog and semconv attributes) and dd-otel does not end it;
 * - otherwise the incoming context is extracted with the global propagator and a SERVER span
 *   `<framework>.request` is started.
 * The span gets its final attributes and (when dd-otel owns it) ends when the response closes
 * (`close` follows `finish`, or comes alone when the client went away). Returns undefined when the request is ignored or tracing failed;
 * the caller then runs the request untraced. Never throws.
 *
 * @example
 * const state = startServerSpan(tracing, req, res);
 * if (state) state.run(next); else next();
 */
export function startServerSpan<Req extends HttpRequestLike, Res extends HttpResponseLike>(
  tracing: HttpServerTracing<Req, Res>,
  req: Req,
  res: Res,
): ServerRequestState<Req, Res> | undefined {
  const active = activeContext();
  // Usually nothing is active yet: the root context holds no state and no span to look for.
  const atRoot = active === ROOT_CONTEXT;
  const enclosing = atRoot ? undefined : requestStateIn(active);
  if (enclosing !== undefined && enclosing.req === req) return enclosing as unknown as ServerRequestState<Req, Res>;
  try {
    // What Node published before the framework switched the request's prototype, if asked for.
    const facts = tracing.readsRequestsAtStart ? requestStartFactsOf(req) : undefined;
    const fields = facts ?? req;
    if (tracing.isIgnored(req, fields)) return undefined;
    const settings = tracing.settings();
    // Read once: on an Express request every property read is a slow look-up (request-attributes.ts).
    const headers = fields.headers;
    const attributes = requestStartAttributes(fields, settings.attributes, headers);
    const validCount = builtRequestAttributes.validCount;
    // Inside another traced request (a request dispatched from a handler), its span is not this one's.
    const foreign = atRoot || enclosing !== undefined ? undefined : findActiveServerSpan(active);
    if (foreign !== undefined) return enrichForeignSpan(tracing, foreign, attributes, active, req, res);
    const parent = extractRequestContext(headers);
    // Built just above for this span alone: a dd-otel span keeps the object instead of a copy.
    const tracer = settings.tracer;
    const span =
      tracer instanceof DatadogTracer
        ? tracer.startSpanWithOwnAttributes(tracing.operationName, SpanKind.SERVER, attributes, parent, validCount)
        : tracer.startSpan(tracing.operationName, { kind: SpanKind.SERVER, attributes }, parent);
    const state = new ServerRequestState(tracing, span, parent, true, req, res, undefined);
    const generic = state as unknown as ServerRequestState;
    // Node emits 'close' after every response, right after 'finish'; without a finished response
    // the client went away. One listener is enough for a span dd-otel owns: the one added when
    // the request was published, when there is one (request-start-facts.ts). (A closure: storing
    // the state on `res` for a shared listener would cost more, see request-state.ts.)
    if (!endOnResponseClose(facts, res, generic)) res.on('close', () => finishOnResponseClose(generic, res));
    endWhenQueuedRequestAborts(generic, req, res);
    return state;
  } catch (error) {
    logger.error(`${tracing.packageName}: could not start the request span: ${describeError(error)}`);
    return undefined;
  }
}

/** Makes another instrumentation's server span this request's span (it stays the owner). */
function enrichForeignSpan<Req extends HttpRequestLike, Res extends HttpResponseLike>(
  tracing: HttpServerTracing<Req, Res>,
  foreign: ForeignServerSpan,
  attributes: Attributes,
  active: Context,
  req: Req,
  res: Res,
): ServerRequestState<Req, Res> {
  foreign.span.updateName(tracing.operationName);
  foreign.span.setAttributes(attributes);
  const state = new ServerRequestState(tracing, foreign.span, active, false, req, res, foreign.rpcMetadata);
  const generic = state as unknown as ServerRequestState;
  // The owner may end its span on 'close' before this listener runs, so the span is completed on 'finish'.
  res.on('finish', () => finishServerSpan(generic, false));
  res.on('close', () => finishOnResponseClose(generic, res));
  endWhenQueuedRequestAborts(generic, req, res);
  return state;
}
