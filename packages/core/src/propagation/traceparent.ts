/** A parsed W3C `traceparent` header. */
export interface ParsedTraceparent {
  version: string;
  traceId: string;
  spanId: string;
  sampled: boolean;
}

const TRACEPARENT = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-.*)?$/i;
const ZERO_TRACE_ID = '00000000000000000000000000000000';
const ZERO_SPAN_ID = '0000000000000000';

/**
 * Parses `traceparent` as the W3C spec requires: version `ff` and all-zero ids are invalid, and
 * version `00` allows nothing after the flags (later versions may append fields).
 */
export function parseTraceparent(header: string | undefined): ParsedTraceparent | undefined {
  if (typeof header !== 'string') return undefined;
  const match = TRACEPARENT.exec(header.trim());
  if (match === null) return undefined;
  const version = match[1]!.toLowerCase();
  const traceId = match[2]!.toLowerCase();
  const spanId = match[3]!.toLowerCase();
  if (version === 'ff' || (version === '00' && match[5] !== undefined)) return undefined;
  if (traceId === ZERO_TRACE_ID || spanId === ZERO_SPAN_ID) return undefined;
  return { version, traceId, spanId, sampled: (parseInt(match[4]!, 16) & 1) === 1 };
}
