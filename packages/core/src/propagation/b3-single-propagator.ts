import type { TextMapGetter, TextMapSetter } from '@opentelemetry/api';
import { USER_KEEP } from '../sampling/priority.js';
import { B3MultiPropagator } from './b3-multi-propagator.js';
import { b3TraceIdForInjection, priorityFromB3, traceIdFromB3 } from './b3-sampling.js';
import type { ExtractedTraceContext } from './extracted-context.js';
import { readHeader } from './header-access.js';
import { ZERO_HEX16 } from './ids.js';
import type { OutgoingTraceContext } from './outgoing-context.js';
import { StylePropagator } from './style-propagator.js';

export const B3_SINGLE_HEADER = 'b3';

// `<traceid>-<spanid>[-<1|0|d>[-<parentspanid>]]`, or the sampling state alone.
// Without a `b3` header the multi headers count, as in OTel's B3 propagator (`OTEL_PROPAGATORS=b3`)
// and because dd-trace@5 sends the multi headers for its style `b3`.
const MULTI_HEADER_FALLBACK = new B3MultiPropagator();

const B3_SINGLE = /^(?:((?:[0-9a-f]{16}){1,2})-([0-9a-f]{16})(?:-([01d])(?:-[0-9a-f]{16})?)?|([01d]))$/i;

/**
 * B3 single header `b3` (spec §6.4), with Datadog priorities: `d` → USER_KEEP (and USER_KEEP is
 * sent as `d`), a missing state → undecided, a state alone → sampling-only decision.
 */
export class B3SinglePropagator extends StylePropagator {
  readonly style = 'b3' as const;

  extractTraceContext<Carrier>(carrier: Carrier, getter: TextMapGetter<Carrier>): ExtractedTraceContext | undefined {
    if (readHeader(carrier, getter, B3_SINGLE_HEADER) === undefined) {
      return MULTI_HEADER_FALLBACK.extractTraceContext(carrier, getter);
    }
    const match = matchHeader(carrier, getter);
    if (match === null || match[1] === undefined || match[2] === undefined) return undefined;
    const traceId = traceIdFromB3(match[1]);
    const spanId = match[2].toLowerCase();
    if (traceId === undefined || spanId === ZERO_HEX16) return undefined;
    return {
      traceId,
      spanId,
      priority: priorityFromState(match[3]),
      origin: undefined,
      tags: {},
      traceState: undefined,
      propagationError: undefined,
    };
  }

  override extractSamplingOnly<Carrier>(carrier: Carrier, getter: TextMapGetter<Carrier>): number | undefined {
    if (readHeader(carrier, getter, B3_SINGLE_HEADER) === undefined) {
      return MULTI_HEADER_FALLBACK.extractSamplingOnly(carrier, getter);
    }
    const match = matchHeader(carrier, getter);
    return match === null || match[4] === undefined ? undefined : priorityFromState(match[4]);
  }

  injectTraceContext<Carrier>(outgoing: OutgoingTraceContext, carrier: Carrier, setter: TextMapSetter<Carrier>): void {
    const state =
      outgoing.priority !== undefined && outgoing.priority >= USER_KEEP ? 'd' : outgoing.sampled ? '1' : '0';
    const parent = outgoing.parentSpanId === undefined ? '' : `-${outgoing.parentSpanId}`;
    setter.set(
      carrier,
      B3_SINGLE_HEADER,
      `${b3TraceIdForInjection(outgoing.traceId)}-${outgoing.spanId}-${state}${parent}`,
    );
  }

  fields(): string[] {
    return [B3_SINGLE_HEADER];
  }

  /** The `b3` header, or the multi headers its fallback reads. */
  override extractionKeyFields(): string[] {
    return [B3_SINGLE_HEADER, ...MULTI_HEADER_FALLBACK.extractionKeyFields()];
  }
}

function matchHeader<Carrier>(carrier: Carrier, getter: TextMapGetter<Carrier>): RegExpExecArray | null {
  const header = readHeader(carrier, getter, B3_SINGLE_HEADER);
  return header === undefined ? null : B3_SINGLE.exec(header.trim());
}

function priorityFromState(state: string | undefined): number | undefined {
  if (state === undefined) return undefined;
  const lower = state.toLowerCase();
  return lower === 'd' ? priorityFromB3(undefined, true) : priorityFromB3(lower, false);
}
