import type { DevAgentProblemKind } from './types.js';
import { formatPath, type PathSegment } from './wire-facts.js';
import { asBigInt, describeWireType, inRange, isMap, type IntegerRange } from './wire-values.js';

/** A span being validated: its fields plus what the wire said about them. */
export interface SpanUnderCheck {
  /** The span map as decoded (v0.5 spans are rebuilt into this shape first). */
  readonly fields: ReadonlyMap<unknown, unknown>;
  /** True when the value at `path` (relative to the span) was encoded as a float. */
  encodedAsFloat(path: readonly PathSegment[]): boolean;
  report(kind: DevAgentProblemKind, message: string, field: string): void;
}

/** Reports (as `span.field-type` unless told otherwise) a value that is not an integer in range. */
export function checkInteger(
  span: SpanUnderCheck,
  path: readonly PathSegment[],
  value: unknown,
  range: IntegerRange,
  kind: DevAgentProblemKind = 'span.field-type',
): boolean {
  const field = formatPath(path);
  const floatEncoded = span.encodedAsFloat(path);
  const integer = floatEncoded ? undefined : asBigInt(value);
  if (integer === undefined) {
    span.report(kind, `${field} must be an integer, got ${describeWireType(value, floatEncoded)}`, field);
    return false;
  }
  if (!inRange(integer, range)) {
    span.report(kind, `${field} = ${integer} is outside the ${range} range`, field);
    return false;
  }
  return true;
}

/** The field as a Map, or undefined (reporting `kind`) when it is present but not a map. */
export function mapField(
  span: SpanUnderCheck,
  container: ReadonlyMap<unknown, unknown>,
  key: string,
  field: string,
  kind: DevAgentProblemKind,
): Map<unknown, unknown> | undefined {
  if (!container.has(key)) return undefined;
  const value = container.get(key);
  if (isMap(value)) return value;
  span.report(kind, `${field} must be a map, got ${describeWireType(value)}`, field);
  return undefined;
}
