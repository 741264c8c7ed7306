import type { Attributes } from '@opentelemetry/api';
import { MAX_META_KEY_LENGTH, MAX_META_VALUE_LENGTH } from './normalize.js';
import type { AttributeScan, TagRules } from './tags.js';

/**
 * Attribute keys the attribute pass (tags.ts `applyAttributes`) treats specially: naming keys,
 * keys the tracer owns, keys with conversions. `_dd.hostname` is listed although it passes
 * through when `reportHostname` is off, to keep this check independent of the config.
 */
const MAPPED_ATTRIBUTE_KEYS: ReadonlySet<string> = new Set([
  'operation.name', 'resource.name', 'service.name', 'span.type', 'error', 'error.type', 'error.message',
  'error.stack', 'http.status_code', 'http.response.status_code', '_dd.measured', 'analytics.event',
  '_dd.hostname', 'language', 'runtime-id', 'process_id', 'span.kind', '_dd.integration', '_dd.origin',
  '_dd.base_service', '_dd.svc_src', '_sampling_priority_v1', '_dd.top_level', 'events', '_dd.span_links',
  // Written by the single-span sampler after mapping (provider/tracing-pipeline.ts).
  '_dd.span_sampling.mechanism', '_dd.span_sampling.rule_rate', '_dd.span_sampling.max_per_second',
]);

/** True when a value breaks pass-through whatever its key: a non-primitive or an over-long string. */
function needsConversion(value: unknown): boolean {
  return typeof value === 'string' ? value.length > MAX_META_VALUE_LENGTH : typeof value === 'object';
}

/**
 * True when the attribute pass would copy every attribute under its own key, unchanged: strings
 * to meta, numbers (but NaN) and booleans to metrics, null/undefined and non-primitives dropped.
 * The record can then carry the span's attributes object as is (`passThroughAttributes`)
 * instead of copies. Not for arrays (flattened to `key.N`), over-long keys or values
 * (truncated), keys of the global tags (which an attribute overrides), or mapped keys, except
 * what a request span carries: `http.status_code` as a string, with or without
 * `http.response.status_code` (which then passes under its own key, as the attribute pass would
 * leave it), and, given a `scan`, the naming keys (`operation.name`, `resource.name`,
 * `service.name`, `span.type`) as strings, captured into it (the encoders never write them from
 * pass-through attributes, see `isPassThroughNamingKey`). Fills `scan` only partly when it
 * returns false.
 */
export function canPassThrough(attributes: Attributes, rules: TagRules, scan?: AttributeScan): boolean {
  const memo = rememberedKeys.rules === rules ? rememberedKeys : rememberedKeys.startOver(rules);
  memo.sameKeys = false;
  memo.calls++;
  let same = true;
  let index = 0;
  for (const key in attributes) {
    let keyClass = memo.classOf(key, index++);
    if (keyClass >= NEWLY_CLASSIFIED) {
      same = false;
      keyClass -= NEWLY_CLASSIFIED;
    }
    const value = attributes[key];
    if (value === undefined || value === null) {
      same = false;
      continue;
    }
    if (needsConversion(value)) return false;
    if (keyClass === PLAIN_KEY) continue;
    if (keyClass === REFUSED_KEY || !passesMappedKey(attributes, key, value, scan)) return false;
  }
  memo.endSpan(index, same);
  return true;
}

/** How `canPassThrough` treats an attribute key, whatever its value. */
const PLAIN_KEY = 0;
const MAPPED_KEY = 1;
/** Over-long, or a key of the global tags: the span cannot pass through. */
const REFUSED_KEY = 2;
/** Added to a class `RememberedKeys.classOf` did not remember at that place. */
const NEWLY_CLASSIFIED = 4;

function classifyKey(key: string, rules: TagRules): number {
  if (MAPPED_ATTRIBUTE_KEYS.has(key)) return MAPPED_KEY;
  if (key.length > MAX_META_KEY_LENGTH) return REFUSED_KEY;
  const globalKeys = rules.overridableMetaKeys;
  return globalKeys !== undefined && globalKeys[key] === true ? REFUSED_KEY : PLAIN_KEY;
}

/** Most keys remembered; a span with more classifies the rest every time. */
const MAX_REMEMBERED_KEYS = 64;

/**
 * The keys of the attributes checked last, in their order, with their classes. The request spans
 * of a server carry the same keys in the same order, so a key is then recognised by one string
 * comparison instead of a set look-up plus a look-up in the (dictionary-mode) global keys: two
 * hash probes per key, ~2,800 instructions for a Fastify request span (callgrind). Only the class
 * is remembered, which depends on the key and the rules alone; values are checked every time.
 */
class RememberedKeys {
  rules: TagRules | undefined = undefined;
  /**
   * After a `canPassThrough` that returned true: the attributes had exactly the remembered keys,
   * in order, none of them null or undefined (see `TracerKeyOverlap`).
   */
  sameKeys = false;
  /** `canPassThrough` calls so far: tells `TracerKeyOverlap` whether another span came between. */
  calls = 0;
  private readonly keys: string[] = [];
  private readonly classes: number[] = [];

  startOver(rules: TagRules): this {
    this.rules = rules;
    this.keys.length = 0;
    this.classes.length = 0;
    this.sameKeys = false;
    return this;
  }

  /**
   * The class of `key`, the `index`-th key of the attributes being checked, plus
   * `NEWLY_CLASSIFIED` when another key was remembered at that place.
   */
  classOf(key: string, index: number): number {
    if (index < this.keys.length && this.keys[index] === key) return this.classes[index]!;
    const keyClass = classifyKey(key, this.rules!);
    // Any remembered pair stays true for these rules, so a skipped or stale slot is harmless;
    // over-long keys are not kept (memory), and nothing is written past the end (no holes).
    if (index < MAX_REMEMBERED_KEYS && index <= this.keys.length && key.length <= MAX_META_KEY_LENGTH) {
      this.keys[index] = key;
      this.classes[index] = keyClass;
    }
    return keyClass + NEWLY_CLASSIFIED;
  }

  /** The checked attributes had `count` keys; `allHit`: each was the remembered one, none null. */
  endSpan(count: number, allHit: boolean): void {
    this.sameKeys = allHit && count === this.keys.length;
    // A longer span's keys would make the next span like this one look different.
    if (count < this.keys.length) {
      this.keys.length = count;
      this.classes.length = count;
    }
  }
}

const rememberedKeys = new RememberedKeys();

function passesMappedKey(attributes: Attributes, key: string, value: unknown, scan: AttributeScan | undefined): boolean {
  if (typeof value !== 'string') {
    // A numeric status passes as a metric when the string one is there to be the meta entry.
    return key === 'http.response.status_code' && typeof attributes['http.status_code'] === 'string';
  }
  if (key === 'http.status_code') return true;
  if (key === 'http.response.status_code') return typeof attributes['http.status_code'] === 'string';
  if (scan === undefined) return false;
  switch (key) {
    case 'operation.name':
      scan.operationName = value;
      return true;
    case 'resource.name':
      scan.resourceName = value;
      return true;
    case 'service.name':
      scan.serviceName = value;
      return true;
    case 'span.type':
      scan.spanType = value;
      return true;
    default:
      return false;
  }
}

/** True when `extra` (tags the tracer adds) holds a key `attributes` also sets. */
function sharesKey(attributes: Attributes, extra: Record<string, unknown> | undefined): boolean {
  for (const key in extra) {
    const value = attributes[key];
    if (value !== undefined && value !== null) return true;
  }
  return false;
}

/**
 * Whether pass-through attributes set a key the tracer also writes for their span (its extra
 * `meta` and `metrics`, or `_dd.p.tid` on a chunk's first span), remembered for the last span.
 * A server's request spans carry the same attribute keys and, while their trace tags stay the
 * same, the same extra objects (root-extras.ts); each look-up of another key in the attributes
 * goes through a megamorphic load (~200 instructions), so the answer is reused instead: when the
 * span checked last by `canPassThrough` was the one this instance checked last, with the same
 * keys, and the extra objects are the same ones (the shared ones are frozen). Call it
 * right after a `canPassThrough` that returned true for the same attributes. One per mapper.
 */
export class TracerKeyOverlap {
  private meta: Record<string, string> | undefined = undefined;
  private metrics: Record<string, number> | undefined = undefined;
  private firstInChunk = false;
  private answer = false;
  /** `rememberedKeys.calls` at the last check: -2 before any. */
  private calls = -2;

  check(
    attributes: Attributes,
    meta: Record<string, string> | undefined,
    metrics: Record<string, number> | undefined,
    firstInChunk: boolean,
  ): boolean {
    const calls = rememberedKeys.calls;
    const follows = calls === this.calls + 1;
    this.calls = calls;
    if (follows && rememberedKeys.sameKeys && meta === this.meta && metrics === this.metrics && firstInChunk === this.firstInChunk) {
      return this.answer;
    }
    const answer =
      sharesKey(attributes, meta) || sharesKey(attributes, metrics) || (firstInChunk && attributes['_dd.p.tid'] != null);
    this.meta = meta;
    this.metrics = metrics;
    this.firstInChunk = firstInChunk;
    this.answer = answer;
    return answer;
  }
}
