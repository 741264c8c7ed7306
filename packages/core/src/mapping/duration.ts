/** int64 nanoseconds cap (≈ 292 years): anything longer is a broken clock, reported as 0. */
const MAX_DURATION_NS = 9_223_372_036_854_775_000;

/** A span's duration in whole nanoseconds, from its start and end in epoch milliseconds. */
export function durationNanos(startMs: number, endMs: number): number {
  const duration = Math.round((endMs - startMs) * 1e6);
  return duration > 0 && duration <= MAX_DURATION_NS ? duration : 0; // also turns NaN into 0
}
