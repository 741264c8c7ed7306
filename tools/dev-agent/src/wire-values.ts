/** Helpers to read decoded wire values (numbers, bigints, strings, Maps, byte arrays). */

export const UINT64_LIMIT = 1n << 64n;
export const INT64_MIN = -(1n << 63n);
export const INT64_MAX = (1n << 63n) - 1n;
export const INT32_MIN = -(2n ** 31n);
export const INT32_MAX = 2n ** 31n - 1n;
export const UINT32_MAX = 2n ** 32n - 1n;

export type IntegerRange = 'id' | 'uint64' | 'int64' | 'int32' | 'uint32';

const RANGES: Record<IntegerRange, readonly [bigint, bigint]> = {
  // Ids are read as either int64 or uint64 by the Agent.
  id: [INT64_MIN, UINT64_LIMIT - 1n],
  uint64: [0n, UINT64_LIMIT - 1n],
  int64: [INT64_MIN, INT64_MAX],
  int32: [INT32_MIN, INT32_MAX],
  uint32: [0n, UINT32_MAX],
};

/** An integer value as a bigint, or undefined when the value is not an integer. */
export function asBigInt(value: unknown): bigint | undefined {
  if (typeof value === 'bigint') return value;
  if (typeof value === 'number' && Number.isInteger(value)) return BigInt(value);
  return undefined;
}

export function inRange(value: bigint, range: IntegerRange): boolean {
  const [min, max] = RANGES[range];
  return value >= min && value <= max;
}

/** Reads an id as the unsigned 64-bit value the Agent stores (negative int64 wraps). */
export function toUint64(value: unknown): bigint {
  const integer = asBigInt(value);
  return integer === undefined ? 0n : BigInt.asUintN(64, integer);
}

export function toHex16(value: bigint): string {
  return value.toString(16).padStart(16, '0');
}

/** A number for a JSON-safe record; bigints beyond 2^53 lose precision, as in the Agent (float64). */
export function toFiniteNumber(value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  return 0;
}

export function isMap(value: unknown): value is Map<unknown, unknown> {
  return value instanceof Map;
}

/** Names a value's wire type for messages (`float` tells a float-encoded integral number apart). */
export function describeWireType(value: unknown, encodedAsFloat = false): string {
  if (value === null || value === undefined) return 'nil';
  if (typeof value === 'number') return encodedAsFloat || !Number.isInteger(value) ? 'float' : 'integer';
  if (typeof value === 'bigint') return 'integer';
  if (typeof value === 'string') return 'string';
  if (typeof value === 'boolean') return 'boolean';
  if (value instanceof Uint8Array) return 'binary';
  if (Array.isArray(value)) return 'array';
  if (value instanceof Map) return 'map';
  return typeof value;
}
