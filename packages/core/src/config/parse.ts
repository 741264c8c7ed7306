import { closestName } from './closest-name.js';

/**
 * Pure parsers for configuration strings. They never log and never throw: they report why a value
 * is unusable, and the caller decides whether that is a warning (environment) or a TypeError
 * (options).
 */

export type Parsed<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly reason: string };

export function parsed<T>(value: T): Parsed<T> {
  return { ok: true, value };
}

export function rejected<T = never>(reason: string): Parsed<T> {
  return { ok: false, reason };
}

/** `true`/`false`/`1`/`0`, case-insensitive, surrounding blanks ignored. */
export function parseBoolean(raw: string): Parsed<boolean> {
  const value = raw.trim().toLowerCase();
  if (value === 'true' || value === '1') return parsed(true);
  if (value === 'false' || value === '0') return parsed(false);
  return rejected('expected true, false, 1 or 0');
}

export interface NumberRule {
  readonly integer?: boolean;
  readonly min?: number;
  readonly max?: number;
}

/** Describes a rule in words, for messages: "an integer between 1 and 65535". */
export function describeNumberRule(rule: NumberRule): string {
  const kind = rule.integer ? 'an integer' : 'a number';
  if (rule.min !== undefined && rule.max !== undefined) return `${kind} between ${rule.min} and ${rule.max}`;
  if (rule.min !== undefined) return `${kind} >= ${rule.min}`;
  if (rule.max !== undefined) return `${kind} <= ${rule.max}`;
  return kind;
}

/** Checks an already-numeric value against a rule (shared by env parsing and option validation). */
export function checkNumber(value: unknown, rule: NumberRule): Parsed<number> {
  const fits =
    typeof value === 'number' &&
    Number.isFinite(value) &&
    (!rule.integer || Number.isInteger(value)) &&
    (rule.min === undefined || value >= rule.min) &&
    (rule.max === undefined || value <= rule.max);
  return fits ? parsed(value) : rejected(`expected ${describeNumberRule(rule)}`);
}

/** Parses a decimal number string; blanks, `NaN`, `Infinity` and trailing garbage are rejected. */
export function parseNumber(raw: string, rule: NumberRule = {}): Parsed<number> {
  const text = raw.trim();
  if (text === '') return rejected(`expected ${describeNumberRule(rule)}`);
  return checkNumber(Number(text), rule);
}

/** A rate is a number in [0, 1]. */
export const RATE_RULE: NumberRule = { min: 0, max: 1 };

/**
 * A parser for one of `allowed`: trimmed and case-insensitive; a value close to one of them gets a
 * "did you mean" in the reason.
 */
export function parseOneOf<T extends string>(allowed: readonly T[]): (raw: string) => Parsed<T> {
  return (raw) => {
    const value = raw.trim().toLowerCase();
    const match = allowed.find((candidate) => candidate === value);
    if (match !== undefined) return parsed(match);
    const suggestion = closestName(value, allowed);
    const hint = suggestion === undefined ? '' : `; did you mean ${quoteForMessage(suggestion)}?`;
    return rejected(`expected one of ${allowed.join(', ')}${hint}`);
  };
}

/** Splits a comma-separated list, trimming entries and dropping empty ones. */
export function parseList(raw: string): string[] {
  const items: string[] = [];
  for (const item of raw.split(',')) {
    const trimmed = item.trim();
    if (trimmed !== '') items.push(trimmed);
  }
  return items;
}

export interface KeyValueParse {
  readonly entries: Record<string, string>;
  /** Entries that could not be read (no separator, empty key). */
  readonly malformed: readonly string[];
}

/**
 * Parses Datadog tag lists: `k:v,k2:v2`, or `k:v k2:v2` when the value has no comma (as
 * dd-trace-js does for `DD_TAGS`). The key ends at the first `:`, so values may contain colons.
 */
export function parseDatadogTags(raw: string): KeyValueParse {
  const items = raw.includes(',') ? raw.split(',') : raw.split(/\s+/);
  return splitPairs(items, ':', (value) => value);
}

/**
 * Parses `OTEL_RESOURCE_ATTRIBUTES` (`k=v,k2=v2`). Values are percent-decoded as the OTel
 * specification asks; a value that does not decode is kept as written.
 */
export function parseResourceAttributes(raw: string): KeyValueParse {
  return splitPairs(raw.split(','), '=', percentDecode);
}

function splitPairs(items: readonly string[], separator: string, decode: (value: string) => string): KeyValueParse {
  const entries: Record<string, string> = {};
  const malformed: string[] = [];
  for (const item of items) {
    if (item.trim() === '') continue;
    const at = item.indexOf(separator);
    const key = at === -1 ? '' : item.slice(0, at).trim();
    if (key === '') {
      malformed.push(item.trim());
      continue;
    }
    entries[key] = decode(item.slice(at + 1).trim());
  }
  return { entries, malformed };
}

function percentDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/** Lower-case `snake_case` → `camelCase` (`max_per_second` → `maxPerSecond`). */
export function snakeToCamel(key: string): string {
  return key.replace(/_([a-z0-9])/g, (_match, letter: string) => letter.toUpperCase());
}

/** Quotes a value for a message, cutting very long ones so a bad env var cannot flood the log. */
export function quoteForMessage(value: unknown): string {
  const text = typeof value === 'string' ? JSON.stringify(value) : describeValue(value);
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'function') return 'a function';
  if (value instanceof RegExp) return String(value);
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'bigint') return `${value}n`;
  return String(value);
}
