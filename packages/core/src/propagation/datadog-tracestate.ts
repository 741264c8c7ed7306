import type { TraceState as TraceStateApi } from '@opentelemetry/api';
import { W3CTraceState } from './trace-state.js';
import type { LocalTraceData } from '../span/span-data.js';
import { decodeDatadogMember, encodeDatadogMember } from './dd-member.js';
import type { DatadogMember } from './dd-member.js';

export const DATADOG_TRACESTATE_KEY = 'dd';

/** W3C limits on a whole tracestate. */
const MAX_MEMBERS = 32;
const MAX_LENGTH = 512;

/**
 * The tracestate of one of our spans: an up-to-date `dd=` member first (priority, origin,
 * `p` = this span, `_dd.p.*`), then the other vendors' members from upstream, in order.
 */
export function buildTraceState(
  trace: LocalTraceData,
  spanIdHex: string,
  upstream: TraceStateApi | undefined,
): TraceStateApi {
  const value = encodeDatadogMember({
    priority: trace.samplingPriority,
    origin: trace.origin,
    parentId: spanIdHex,
    tags: trace.tags,
    traceId: trace.traceId,
  });
  return withDatadogMember(upstream, value);
}

/**
 * `upstream` with its `dd=` member replaced by `ddValue` (or removed when `''`) and moved to the
 * front. Other members keep their order; the last ones are dropped when the W3C limits
 * (32 members, 512 chars) would be exceeded, so our member always fits.
 */
export function withDatadogMember(upstream: TraceStateApi | undefined, ddValue: string): TraceStateApi {
  let serialized = ddValue === '' ? '' : `${DATADOG_TRACESTATE_KEY}=${ddValue}`;
  let members = serialized === '' ? 0 : 1;
  const others = upstream === undefined ? '' : upstream.serialize();
  if (others !== '') {
    for (const raw of others.split(',')) {
      const member = raw.trim();
      if (member === '' || member.startsWith(`${DATADOG_TRACESTATE_KEY}=`)) continue;
      const next = serialized === '' ? member : `${serialized},${member}`;
      if (members >= MAX_MEMBERS || next.length > MAX_LENGTH) break;
      serialized = next;
      members++;
    }
  }
  return W3CTraceState.parse(serialized);
}

/** The decoded `dd=` member of a tracestate, or undefined when it has none. */
export function readDatadogMember(traceState: TraceStateApi | undefined): DatadogMember | undefined {
  const value = traceState?.get(DATADOG_TRACESTATE_KEY);
  return value === undefined ? undefined : decodeDatadogMember(value);
}
