import { trace as traceApi } from '../internal/otel-api.js';
import type { Context, Link, SpanContext } from '@opentelemetry/api';
import type { PropagationStyle } from '../config/options.js';
import { markLinkFlags } from '../internal/link-without-flags.js';
import { traceFlagsForPriority } from '../sampling/priority.js';
import type { ExtractedTraceContext } from './extracted-context.js';
import { setExtractedLinks, setExtractedSamplingPriority } from './extraction-results.js';

/** `reason` of the link from a restarted trace to the incoming one (dd-trace-js `text_map.js`). */
export const RESTART_LINK_REASON = 'propagation_behavior_extract';

/**
 * `DD_TRACE_PROPAGATION_BEHAVIOR_EXTRACT=restart`: the next span starts a new trace instead of
 * joining the incoming one, and links to it. Nothing of the incoming trace decides the new one:
 * no parent (an active span of `context` included: a valid incoming context replaces the parent,
 * as it does under `continue`, here with none), no upstream priority, origin or `_dd.p.*` (the
 * local sampler decides), and only this link: the `terminated_context` links to other styles'
 * traces are dropped, as dd-trace-js does. Baggage is the caller's business (kept).
 */
export function restartTrace(context: Context, extracted: ExtractedTraceContext, style: PropagationStyle): Context {
  const result = setExtractedLinks(traceApi.deleteSpan(context), [restartLink(extracted, style)]);
  return setExtractedSamplingPriority(result, undefined);
}

/**
 * The link to the incoming context: its ids (the W3C parent when it took over from the Datadog
 * one), sampled flag from its priority (no `flags` in `_dd.span_links` when it was unknown or
 * −1), and the `tracestate` exactly as it arrived, none when only non-W3C headers came.
 * dd-trace-js links the extracted context itself, so its dd member is not rewritten here.
 * `context_headers` names the style that won extraction.
 */
export function restartLink(extracted: ExtractedTraceContext, style: PropagationStyle): Link {
  const context: SpanContext = {
    traceId: extracted.traceId,
    spanId: extracted.spanId,
    traceFlags: traceFlagsForPriority(extracted.priority),
    isRemote: true,
  };
  if (extracted.traceState !== undefined) context.traceState = extracted.traceState;
  return {
    context: markLinkFlags(context, extracted.priority),
    attributes: { reason: RESTART_LINK_REASON, context_headers: style },
  };
}
