/** Datadog's Knuth multiplicative hash factor, shared by every tracer and the Agent. */
const KNUTH_FACTOR = 1111111111111111111n;
const UINT64_MASK = (1n << 64n) - 1n;
const TWO_POW_64 = 2 ** 64;
const HEX_32 = /^[0-9a-f]{32}$/;

/**
 * Deterministic keep/drop for a trace at `rate` (spec §5.2), on the low 64 bits of the trace id,
 * so every service that sees the same trace id at the same rate agrees. The threshold uses float
 * math like dd-trace-js (`floor(rate × 2^64)`). BigInt is fine: it runs once per trace.
 */
export function isKnuthSampled(traceIdHex: string, rate: number): boolean {
  if (!(rate < 1)) return true; // also NaN: never drop because of a bad rate
  if (rate <= 0) return false;
  if (!HEX_32.test(traceIdHex)) return true;
  const low = BigInt('0x' + traceIdHex.slice(16));
  const threshold = BigInt(Math.floor(rate * TWO_POW_64));
  return ((low * KNUTH_FACTOR) & UINT64_MASK) <= threshold;
}

/** `_dd.p.ksr` value: six decimals at most, trailing zeros and dot stripped (`0.5`, `1`, `0.000001`). */
export function formatKnuthRate(rate: number): string {
  // Every local root asks, almost always for the rate it asked for last time.
  if (rate === lastFormattedRate) return lastFormattedText;
  const text = formatUncached(rate);
  lastFormattedRate = rate;
  lastFormattedText = text;
  return text;
}

let lastFormattedRate = Number.NaN;
let lastFormattedText = '';

function formatUncached(rate: number): string {
  const fixed = rate.toFixed(6);
  const trimmed = fixed.replace(/0+$/, '').replace(/\.$/, '');
  return trimmed === '' || trimmed === '-0' ? '0' : trimmed;
}
