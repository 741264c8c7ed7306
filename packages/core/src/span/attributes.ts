import type { AttributeValue, Attributes } from '@opentelemetry/api';
import { logger } from '../internal/diag.js';

/**
 * Bounds per span so a runaway loop in the app cannot grow one span without limit. Generous
 * compared with the OTel SDK's 128: Datadog request spans routinely carry 30+ tags.
 */
export const MAX_ATTRIBUTES_PER_SPAN = 1024;
export const MAX_EVENTS_PER_SPAN = 1024;
export const MAX_LINKS_PER_SPAN = 1024;

function isPrimitive(value: unknown): value is string | number | boolean {
  const type = typeof value;
  return type === 'string' || type === 'number' || type === 'boolean';
}

/**
 * The OTel attribute contract: a primitive, or an array of one primitive type (null/undefined
 * holes allowed). Anything else (objects, BigInt, symbols, functions, mixed arrays) is rejected
 * here so it can never reach a payload.
 */
export function isValidAttributeValue(value: unknown): value is AttributeValue {
  return sanitizeAttributeValue(value) !== undefined;
}

/**
 * The value to store for an attribute: primitives as they are, arrays copied item by item (so
 * later mutation by the app cannot change a recorded span, and a getter is read only once), or
 * `undefined` when the value breaks the OTel contract or cannot be read (revoked proxy,
 * throwing index getter). Never throws.
 */
export function sanitizeAttributeValue(value: unknown): AttributeValue | undefined {
  if (isPrimitive(value)) return value;
  try {
    if (!Array.isArray(value)) return undefined;
    const length = value.length;
    const copy: unknown[] = new Array(length);
    let itemType: string | undefined;
    for (let i = 0; i < length; i++) {
      const item: unknown = value[i];
      copy[i] = item;
      if (item === null || item === undefined) continue;
      if (!isPrimitive(item)) return undefined;
      const type = typeof item;
      if (itemType === undefined) itemType = type;
      else if (itemType !== type) return undefined;
    }
    return copy as AttributeValue;
  } catch {
    return undefined;
  }
}

/** Keys that would corrupt a plain object or the payload are refused. */
export function isValidAttributeKey(key: unknown): key is string {
  return typeof key === 'string' && key.length > 0 && key !== '__proto__';
}

/**
 * Copies the valid entries of `input` onto `target`, respecting the per-span bound. Arrays are
 * copied so later mutation by the app cannot change a recorded span. Walks the own enumerable
 * keys with `for…in` (same keys and order as `Object.keys`, without allocating the key array);
 * a getter that throws only loses its own entry.
 */
export function copyValidAttributes(target: Attributes, input: unknown, countBefore: number): number {
  if (input === null || typeof input !== 'object') return countBefore;
  let count = countBefore;
  const source = input as Record<string, unknown>;
  // Into an empty target (a span's start attributes), `for…in` yields each key once, so every
  // key is new: no look-up in `target` per key.
  const intoEmpty = countBefore === 0 && isEmpty(target);
  try {
    for (const key in source) {
      if (!hasOwn.call(source, key)) continue;
      let value: unknown;
      try {
        value = source[key];
      } catch {
        continue; // a throwing getter must not escape into the app
      }
      const type = typeof value;
      // Primitives, the usual case, inline; `for…in` keys are always strings.
      const safe =
        type === 'string' || type === 'number' || type === 'boolean'
          ? key !== '' && key !== '__proto__'
            ? (value as AttributeValue)
            : undefined
          : isValidAttributeKey(key)
            ? sanitizeAttributeValue(value)
            : undefined;
      if (safe === undefined) {
        logger.debug(`dropped invalid attribute ${JSON.stringify(key)}`);
        continue;
      }
      if (intoEmpty || !hasOwn.call(target, key)) {
        if (count >= MAX_ATTRIBUTES_PER_SPAN) continue;
        count++;
      }
      target[key] = safe;
    }
  } catch {
    // A proxy whose traps throw: keep what was copied.
  }
  return count;
}

/** No enumerable key, own or inherited (an inherited one makes the caller take the careful path). */
function isEmpty(object: object): boolean {
  for (const _key in object) return false;
  return true;
}

const hasOwn = Object.prototype.hasOwnProperty;

/** Sanitised copy for event and link attributes; `undefined` when nothing survives. */
export function sanitizeAttributes(input: unknown): Attributes | undefined {
  if (input === null || input === undefined || typeof input !== 'object') return undefined;
  const copy = validSpreadCopy(input);
  if (copy !== undefined) return copy === NOTHING_VALID ? undefined : copy;
  const out: Attributes = {};
  return copyValidAttributes(out, input, 0) > 0 ? out : undefined;
}

const NOTHING_VALID: Attributes = Object.freeze({});

/**
 * The common case fast: an object literal of valid attributes is copied with a spread (V8
 * clones such an object's layout in one step, several times faster than adding the keys one by
 * one), then checked. `undefined` when anything needs the careful path (an invalid entry, a
 * throwing getter or proxy, more entries than the bound); `NOTHING_VALID` for no entries.
 */
function validSpreadCopy(input: object): Attributes | undefined {
  let copy: Record<string, unknown>;
  try {
    copy = { ...input };
  } catch {
    return undefined;
  }
  let count = 0;
  for (const key in copy) {
    const value = copy[key];
    const safe = isValidAttributeKey(key) ? sanitizeAttributeValue(value) : undefined;
    if (safe === undefined) return undefined;
    // An array comes back as the span's own copy.
    if (safe !== value) copy[key] = safe;
    count++;
  }
  if (count > MAX_ATTRIBUTES_PER_SPAN) return undefined;
  return count === 0 ? NOTHING_VALID : (copy as Attributes);
}
