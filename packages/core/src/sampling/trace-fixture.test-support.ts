/** Test support (not shipped): a bare `LocalTraceData` for sampler and propagation tests. */
import type { LocalTraceData } from '../span/span-data.js';

export function createTrace(traceId: string): LocalTraceData {
  return {
    traceId,
    samplingPriority: undefined,
    samplingMechanism: undefined,
    origin: undefined,
    tags: {},
    rootMetrics: {},
  };
}

/** A 32-hex trace id whose low 64 bits are the given decimal. */
export function traceIdFromLow64(decimal: string, high = '0000000000000000'): string {
  return high + BigInt(decimal).toString(16).padStart(16, '0');
}
