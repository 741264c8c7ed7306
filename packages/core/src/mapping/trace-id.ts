export const ZERO_ID_HEX = '0000000000000000';

/** Low 64 bits (16 hex) of a 32-hex trace id: the Datadog `trace_id` field. */
export function traceIdLow(traceId: string): string {
  if (traceId.length === 32) return traceId.slice(16);
  if (traceId.length === 16) return traceId;
  return traceId.length > 16 ? traceId.slice(-16) : traceId.padStart(16, '0');
}

/**
 * High 64 bits for `_dd.p.tid`, or `undefined` for a 64-bit id (upper half all zero), which
 * must not get the tag.
 */
export function traceIdHigh(traceId: string): string | undefined {
  if (traceId.length !== 32) return undefined;
  const high = traceId.slice(0, 16);
  return high === ZERO_ID_HEX ? undefined : high;
}
