import { ROOT_CONTEXT, TraceFlags, trace as traceApi } from '@opentelemetry/api';
import type { TextMapGetter, TextMapSetter } from '@opentelemetry/api';
import { TRACE_PARENT_HEADER, TRACE_STATE_HEADER, W3CTraceContextPropagator } from '@opentelemetry/core';
import { readDatadogMember } from './datadog-tracestate.js';
import { PARENT_ID_TAG } from './extracted-context.js';
import type { ExtractedTraceContext } from './extracted-context.js';
import type { OutgoingTraceContext } from './outgoing-context.js';
import { resolveRemotePriority } from './remote-parent.js';
import { StylePropagator } from './style-propagator.js';

/**
 * W3C `traceparent` + `tracestate` (spec §6.3). Parsing is OTel's own propagator (version,
 * all-zero ids, multiple `tracestate` headers, member limits); on top of it the `dd=` member is
 * honoured on the way in and rewritten on the way out, other vendors' members kept.
 */
export class TraceContextPropagator extends StylePropagator {
  readonly style = 'tracecontext' as const;
  private readonly w3c = new W3CTraceContextPropagator();

  extractTraceContext<Carrier>(carrier: Carrier, getter: TextMapGetter<Carrier>): ExtractedTraceContext | undefined {
    const spanContext = traceApi.getSpanContext(this.w3c.extract(ROOT_CONTEXT, carrier, getter));
    if (spanContext === undefined) return undefined;
    const member = readDatadogMember(spanContext.traceState);
    const sampled = (spanContext.traceFlags & TraceFlags.SAMPLED) === TraceFlags.SAMPLED;
    const tags: Record<string, string> = { ...member?.tags };
    if (member?.parentId !== undefined) tags[PARENT_ID_TAG] = member.parentId;
    return {
      traceId: spanContext.traceId,
      spanId: spanContext.spanId,
      priority: resolveRemotePriority(sampled, member?.priority, member?.origin),
      origin: member?.origin,
      tags,
      traceState: spanContext.traceState,
      propagationError: undefined,
    };
  }

  injectTraceContext<Carrier>(outgoing: OutgoingTraceContext, carrier: Carrier, setter: TextMapSetter<Carrier>): void {
    const flags = outgoing.sampled ? '01' : '00';
    setter.set(carrier, TRACE_PARENT_HEADER, `00-${outgoing.traceId}-${outgoing.spanId}-${flags}`);
    const traceState = outgoing.traceState?.serialize();
    if (traceState) setter.set(carrier, TRACE_STATE_HEADER, traceState);
  }

  fields(): string[] {
    return [TRACE_PARENT_HEADER, TRACE_STATE_HEADER];
  }
}
