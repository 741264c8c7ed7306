import type { HrTime, TimeInput } from '@opentelemetry/api';

/**
 * Node defines the `performance` global as a lazy getter: read once here, not on each of the
 * three clock reads every span makes (the getter call was a third of `nowMs`'s cost).
 */
const clock = globalThis.performance;
const timeOrigin = clock.timeOrigin;
/**
 * `performance.now()` checks its receiver's brand on every call (a `hasOwnProperty` and a
 * wrapped validator: ~5 % of the span API's CPU in the span benchmark's `perf` profile);
 * `process.hrtime()` reads the same monotonic clock (`uv_hrtime`) without it: 37 vs 46 ns a read
 * on the bench machine (10^7 reads, Node 20). `nowMs` adds a constant measured once here, so
 * it stays monotonic and on the epoch scale of `performance.timeOrigin` (to within the gap of the
 * reads it is measured from, normally under a microsecond). Absent where `process` is a stand-in
 * (an edge or browser bundle that imports core): `nowMs` then reads `performance` as before.
 */
const hrtime: NodeJS.HRTime | undefined =
  typeof process === 'object' && process !== null && typeof process.hrtime === 'function' ? process.hrtime : undefined;
const HRTIME_TO_EPOCH_MS = hrtime === undefined ? 0 : measureHrtimeToEpochMs(hrtime);

function hrtimeMs(hrtime: NodeJS.HRTime): number {
  const time = hrtime();
  return time[0] * 1e3 + time[1] / 1e6;
}

/**
 * `performance.now()` read between two `hrtime` reads, the tightest pair of a few: the first
 * calls of each are cold (tens of microseconds), which would otherwise skew the offset.
 */
function measureHrtimeToEpochMs(hrtime: NodeJS.HRTime): number {
  let offset = 0;
  let bestGap = Infinity;
  for (let i = 0; i < 5; i++) {
    const before = hrtimeMs(hrtime);
    const now = clock.now();
    const after = hrtimeMs(hrtime);
    if (after - before < bestGap) {
      bestGap = after - before;
      offset = timeOrigin + now - (before + after) / 2;
    }
  }
  return offset;
}

/** Now, as epoch milliseconds with sub-millisecond precision (monotonic within the process). */
export function nowMs(): number {
  if (hrtime === undefined) return timeOrigin + clock.now();
  return HRTIME_TO_EPOCH_MS + hrtimeMs(hrtime);
}

/**
 * Below this, a number is a `performance.now()` reading, above it epoch milliseconds (1e12 ms is
 * September 2001; a process would need 31 years of uptime to reach it). The OTel SDK compares with
 * `performance.timeOrigin` instead, which misreads any epoch time from before the process started.
 */
const RELATIVE_TIME_LIMIT_MS = 1e12;

/**
 * Converts an OTel `TimeInput` to epoch milliseconds. Anything unusable gives `undefined` so the
 * caller can fall back to now instead of writing a corrupt timestamp.
 */
export function toEpochMs(input: TimeInput | undefined): number | undefined {
  if (input === undefined || input === null) return undefined;
  let ms: number;
  if (typeof input === 'number') {
    ms = input < RELATIVE_TIME_LIMIT_MS ? timeOrigin + input : input;
  } else {
    try {
      if (input instanceof Date) ms = input.getTime();
      else if (isHrTime(input)) ms = input[0] * 1e3 + input[1] / 1e6;
      else return undefined;
    } catch {
      return undefined; // a revoked proxy or a throwing getter: the caller falls back to now
    }
  }
  return Number.isFinite(ms) && ms >= 0 ? ms : undefined;
}

export function isHrTime(value: unknown): value is HrTime {
  return (
    Array.isArray(value) &&
    value.length === 2 &&
    typeof value[0] === 'number' &&
    typeof value[1] === 'number'
  );
}

/** True when the value can only be meant as a time (used by the `addEvent`/`recordException` overloads). */
export function isTimeInput(value: unknown): value is TimeInput {
  if (typeof value === 'number') return true;
  if (value === null || typeof value !== 'object') return false;
  try {
    return value instanceof Date || isHrTime(value);
  } catch {
    return false;
  }
}

export function msToHrTime(ms: number): HrTime {
  const seconds = Math.floor(ms / 1e3);
  const nanos = Math.round((ms - seconds * 1e3) * 1e6);
  return nanos >= 1e9 ? [seconds + 1, nanos - 1e9] : [seconds, nanos];
}
