import type { TextMapGetter, TextMapSetter } from '@opentelemetry/api';
import { readDatadogMember } from './datadog-tracestate.js';
import { PARENT_ID_TAG } from './extracted-context.js';
import type { ExtractedTraceContext } from './extracted-context.js';
import type { OutgoingTraceContext } from './outgoing-context.js';
import { resolveRemotePriority } from './remote-parent.js';
import { StylePropagator } from './style-propagator.js';
import { W3CTraceState } from './trace-state.js';
import { parseTraceparent } from './traceparent.js';

const TRACE_PARENT_HEADER = 'traceparent';
const TRACE_STATE_HEADER = 'tracestate';

/** A header may arrive once, several times (an array), or not at all. */
function headerValue(value: string | string[] | undefined): string | undefined {
  if (Array.isArray(value)) return value.length > 0 ? value.join(',') : undefined;
  return typeof value === 'string' ? value : undefined;
}

/**
 * W3C `traceparent` + `tracestate` (spec §6.3): the `dd=` member is honoured on the way in and
 * rewritten on the way out, other vendors' members kept.
 */
export class TraceContextPropagator extends StylePropagator {
  readonly style = 'tracecontext' as const;

  extractTraceContext<Carrier>(carrier: Carrier, getter: TextMapGetter<Carrier>): ExtractedTraceContext | undefined {
    const traceparent = parseTraceparent(headerValue(getter.get(carrier, TRACE_PARENT_HEADER)));
    if (traceparent === undefined) return undefined;
    const traceState = W3CTraceState.parse(headerValue(getter.get(carrier, TRACE_STATE_HEADER)));
    const member = readDatadogMember(traceState);
    const sampled = traceparent.sampled;
    const tags: Record<string, string> = { ...member?.tags };
    if (member?.parentId !== undefined) tags[PARENT_ID_TAG] = member.parentId;
    return {
      traceId: traceparent.traceId,
      spanId: traceparent.spanId,
      priority: resolveRemotePriority(sampled, member?.priority, member?.origin),
      origin: member?.origin,
      tags,
      traceState,
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

  /** `tracestate` alone is ignored: the context comes from `traceparent`. */
  override extractionKeyFields(): string[] {
    return [TRACE_PARENT_HEADER];
  }
}
