import { AUTO_KEEP, AUTO_REJECT, USER_KEEP } from '../sampling/priority.js';
import { ZERO_HEX16 } from './ids.js';

/**
 * B3 sampling state → Datadog priority: debug (`x-b3-flags: 1`, `d`) → USER_KEEP, sampled →
 * AUTO_KEEP, not sampled → AUTO_REJECT, absent → undefined (our sampler decides).
 */
export function priorityFromB3(sampled: string | undefined, debug: boolean): number | undefined {
  if (debug) return USER_KEEP;
  const value = sampled?.trim().toLowerCase();
  if (value === '1' || value === 'true') return AUTO_KEEP;
  if (value === '0' || value === 'false') return AUTO_REJECT;
  return undefined;
}

/** B3 trace id as sent: 16 hex for 64-bit trace ids, 32 hex when the high half is set. */
export function b3TraceIdForInjection(traceId: string): string {
  return traceId.startsWith(ZERO_HEX16) ? traceId.slice(16) : traceId;
}

/** A 16- or 32-hex B3 trace id as a 32 lower-hex trace id, undefined when zero. */
export function traceIdFromB3(b3TraceId: string): string | undefined {
  const traceId = b3TraceId.toLowerCase().padStart(32, '0');
  return /^0+$/.test(traceId) ? undefined : traceId;
}
