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

/** `source[key]`, or undefined when reading it throws (a getter, a revoked proxy). */
export function safeGet(source: object, key: string): unknown {
  try {
    return (source as Record<string, unknown>)[key];
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
 * How many entries a span may keep `input` itself with (no copy): a plain object of valid
 * attributes only, arrays replaced in place by their own copies; undefined when it needs the
 * careful path. For objects built for one span and not changed afterwards (`adoptAttributes`).
 */
export function adoptableAttributeCount(input: object): number | undefined {
  if (Object.getPrototypeOf(input) !== Object.prototype) return undefined;
  return countIfAllValid(input as Record<string, unknown>);
}

/** How many entries the last `startAttributesCopy` holds: read it right after the call. */
export const copiedAttributes = { count: 0 };

/**
 * A span's own copy of its start attributes made the fast way, or `undefined` when the caller
 * must take the careful path (`copyValidAttributes`) or there is nothing to copy.
 * `Object.assign` onto a new object copies a literal's entries in one builtin call, and the
 * copy stays an ordinary object that later `setAttribute` calls extend cheaply. (A spread copy
 * does not: V8 gives it a map that cannot take transitions, so every key added to it later
 * builds a new map — several microseconds for a request span's four end attributes.)
 */
export function startAttributesCopy(input: object): Attributes | undefined {
  let copy: Record<string, unknown>;
  try {
    copy = Object.assign({}, input) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  // An own `__proto__` entry (JSON.parse makes them) went through the prototype setter; the
  // careful path drops it instead.
  if (Object.getPrototypeOf(copy) !== Object.prototype) return undefined;
  const count = countIfAllValid(copy);
  if (count === undefined || count === 0) return undefined;
  copiedAttributes.count = count;
  return copy as Attributes;
}

/**
 * The number of entries of `copy` when each is a valid attribute (arrays replaced in place by
 * their own copies) and they fit the bound; `undefined` otherwise.
 */
function countIfAllValid(copy: Record<string, unknown>): number | undefined {
  let count = 0;
  for (const key in copy) {
    const value = copy[key];
    const safe = isValidAttributeKey(key) ? sanitizeAttributeValue(value) : undefined;
    if (safe === undefined) return undefined;
    // An array comes back as the span's own copy.
    if (safe !== value) copy[key] = safe;
    count++;
  }
  return count > MAX_ATTRIBUTES_PER_SPAN ? undefined : count;
}

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
  const count = countIfAllValid(copy);
  if (count === undefined) return undefined;
  return count === 0 ? NOTHING_VALID : (copy as Attributes);
}
