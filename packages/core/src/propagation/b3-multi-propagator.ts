import type { TextMapGetter, TextMapSetter } from '@opentelemetry/api';
import { USER_KEEP } from '../sampling/priority.js';
import { b3TraceIdForInjection, priorityFromB3, traceIdFromB3 } from './b3-sampling.js';
import type { ExtractedTraceContext } from './extracted-context.js';
import { readHeader } from './header-access.js';
import { ZERO_HEX16 } from './ids.js';
import type { OutgoingTraceContext } from './outgoing-context.js';
import { StylePropagator } from './style-propagator.js';

export const B3_TRACE_ID_HEADER = 'x-b3-traceid';
export const B3_SPAN_ID_HEADER = 'x-b3-spanid';
export const B3_PARENT_SPAN_ID_HEADER = 'x-b3-parentspanid';
export const B3_SAMPLED_HEADER = 'x-b3-sampled';
export const B3_FLAGS_HEADER = 'x-b3-flags';

const TRACE_ID = /^(?:[0-9a-f]{16}){1,2}$/i;
const SPAN_ID = /^[0-9a-f]{16}$/i;

/**
 * B3 multi-header (spec §6.4), written here rather than wrapping `@opentelemetry/propagator-b3`:
 * Datadog priorities need debug → USER_KEEP, "no sampled header" → undecided, and sampling-only
 * headers, none of which OTel's B3 propagator carries.
 */
export class B3MultiPropagator extends StylePropagator {
  readonly style = 'b3multi' as const;

  extractTraceContext<Carrier>(carrier: Carrier, getter: TextMapGetter<Carrier>): ExtractedTraceContext | undefined {
    const ids = readIds(carrier, getter);
    if (ids === undefined) return undefined;
    return {
      ...ids,
      priority: readPriority(carrier, getter),
      origin: undefined,
      tags: {},
      traceState: undefined,
      propagationError: undefined,
    };
  }

  override extractSamplingOnly<Carrier>(carrier: Carrier, getter: TextMapGetter<Carrier>): number | undefined {
    return readIds(carrier, getter) === undefined ? readPriority(carrier, getter) : undefined;
  }

  injectTraceContext<Carrier>(outgoing: OutgoingTraceContext, carrier: Carrier, setter: TextMapSetter<Carrier>): void {
    setter.set(carrier, B3_TRACE_ID_HEADER, b3TraceIdForInjection(outgoing.traceId));
    setter.set(carrier, B3_SPAN_ID_HEADER, outgoing.spanId);
    setter.set(carrier, B3_SAMPLED_HEADER, outgoing.sampled ? '1' : '0');
    if (outgoing.priority !== undefined && outgoing.priority >= USER_KEEP) setter.set(carrier, B3_FLAGS_HEADER, '1');
    if (outgoing.parentSpanId !== undefined) setter.set(carrier, B3_PARENT_SPAN_ID_HEADER, outgoing.parentSpanId);
  }

  fields(): string[] {
    return [B3_TRACE_ID_HEADER, B3_SPAN_ID_HEADER, B3_PARENT_SPAN_ID_HEADER, B3_SAMPLED_HEADER, B3_FLAGS_HEADER];
  }

  /** Ids need the trace id; a sampling-only decision needs `sampled` or `flags`. */
  override extractionKeyFields(): string[] {
    return [B3_TRACE_ID_HEADER, B3_SAMPLED_HEADER, B3_FLAGS_HEADER];
  }
}

function readIds<Carrier>(
  carrier: Carrier,
  getter: TextMapGetter<Carrier>,
): { traceId: string; spanId: string } | undefined {
  const rawTraceId = readHeader(carrier, getter, B3_TRACE_ID_HEADER)?.trim();
  const rawSpanId = readHeader(carrier, getter, B3_SPAN_ID_HEADER)?.trim();
  if (rawTraceId === undefined || rawSpanId === undefined) return undefined;
  if (!TRACE_ID.test(rawTraceId) || !SPAN_ID.test(rawSpanId)) return undefined;
  const traceId = traceIdFromB3(rawTraceId);
  const spanId = rawSpanId.toLowerCase();
  if (traceId === undefined || spanId === ZERO_HEX16) return undefined;
  return { traceId, spanId };
}

function readPriority<Carrier>(carrier: Carrier, getter: TextMapGetter<Carrier>): number | undefined {
  const debug = readHeader(carrier, getter, B3_FLAGS_HEADER)?.trim() === '1';
  return priorityFromB3(readHeader(carrier, getter, B3_SAMPLED_HEADER), debug);
}
