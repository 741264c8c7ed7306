import { WireFactsBuilder, type DecodedPayload, type PathSegment } from './wire-facts.js';

// Every number literal is swapped for a marked string before JSON.parse, so integers beyond
// 2^53 can be rebuilt exactly as bigints and `1.0` can be told apart from `1`.
// A private-use character: allowed raw in JSON strings, and never at the start of real tags.
const NUMBER_MARK = '\ue000dd-otel-number:';
const TOKEN = /"(?:[^"\\]|\\.)*"|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/g;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * Parses JSON into the same value shapes the msgpack decoder produces: objects become `Map`s,
 * integers beyond the safe range become bigints. Throws a readable error on invalid JSON.
 */
export function decodeJson(text: string): DecodedPayload {
  const marked = text.replace(TOKEN, (token) => (token.startsWith('"') ? token : `"${NUMBER_MARK}${token}"`));
  let parsed: unknown;
  try {
    parsed = JSON.parse(marked);
  } catch (error) {
    throw new Error(`invalid JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  const facts = new WireFactsBuilder();
  return { value: rebuild(parsed, [], facts), facts };
}

/** Parses a JSON text found inside a span (meta `events`, `_dd.span_links`); facts are dropped. */
export function parseEmbeddedJson(text: string): unknown {
  return decodeJson(text).value;
}

function rebuild(value: unknown, path: PathSegment[], facts: WireFactsBuilder): unknown {
  if (typeof value === 'string') {
    if (value.startsWith(NUMBER_MARK)) return toNumber(value.slice(NUMBER_MARK.length), path, facts);
    if (LONE_SURROGATE.test(value)) facts.addInvalidString(path);
    return value;
  }
  if (Array.isArray(value)) return value.map((item, index) => rebuild(item, [...path, index], facts));
  if (value !== null && typeof value === 'object') {
    const map = new Map<string, unknown>();
    for (const [key, item] of Object.entries(value)) map.set(key, rebuild(item, [...path, key], facts));
    return map;
  }
  return value;
}

function toNumber(literal: string, path: PathSegment[], facts: WireFactsBuilder): number | bigint {
  if (/[.eE]/.test(literal)) {
    facts.addFloat(path);
    return Number(literal);
  }
  const asNumber = Number(literal);
  return Number.isSafeInteger(asNumber) ? asNumber : BigInt(literal);
}
