/** A 64-bit id of zero: invalid as a trace or span id in every style. */
export const ZERO_HEX16 = '0000000000000000';

const DECIMAL_UINT64 = /^\d{1,20}$/;
const UINT64_MAX = (1n << 64n) - 1n;
const HEX16 = /^[0-9a-f]{16}$/;
const HEX32 = /^[0-9a-f]{32}$/;

/** `"123"` → 16 lower-hex chars, or undefined when not a uint64 in decimal. */
export function decimalToHex16(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  const trimmed = text.trim();
  if (!DECIMAL_UINT64.test(trimmed)) return undefined;
  const value = BigInt(trimmed);
  if (value > UINT64_MAX) return undefined;
  return value.toString(16).padStart(16, '0');
}

/** 16 hex chars → decimal string (Datadog headers carry ids in decimal). */
export function hex16ToDecimal(hex: string): string {
  return BigInt('0x' + hex).toString(10);
}

export function isHex16(text: string): boolean {
  return HEX16.test(text);
}

export function isHex32(text: string): boolean {
  return HEX32.test(text);
}

/** High 64 bits of a 32-hex trace id, or undefined for a 64-bit id (high half zero). */
export function traceIdHigh(traceIdHex: string): string | undefined {
  const high = traceIdHex.slice(0, 16);
  return high === ZERO_HEX16 || high.length !== 16 ? undefined : high;
}
