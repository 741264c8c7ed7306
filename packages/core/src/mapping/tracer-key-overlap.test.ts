import { describe, expect, it } from 'vitest';
import type { Attributes } from '@opentelemetry/api';
import { TracerKeyOverlap, canPassThrough } from './pass-through.js';
import type { TagRules } from './tags.js';

const RULES: TagRules = { overridableMetaKeys: undefined, hostnameReserved: false };
const SHARED_META = { '_dd.p.dm': '-0' };
const SHARED_METRICS = { '_dd.top_level': 1, '_dd.agent_psr': 1 };

/** What the mapper does for a pass-through span: the check right after canPassThrough. */
function overlaps(overlap: TracerKeyOverlap, attributes: Attributes, meta: Record<string, string> = SHARED_META, metrics: Record<string, number> = SHARED_METRICS, first = true): boolean {
  expect(canPassThrough(attributes, RULES)).toBe(true);
  return overlap.check(attributes, meta, metrics, first);
}

/** Attributes that count the reads of keys they do not have (the tracer's keys). */
function counting(entries: Attributes): { attributes: Attributes; foreignReads: () => number } {
  let reads = 0;
  const attributes = new Proxy(entries, {
    get(target, key, receiver) {
      if (typeof key === 'string' && !Object.hasOwn(target, key)) reads++;
      return Reflect.get(target, key, receiver);
    },
  });
  return { attributes, foreignReads: () => reads };
}

describe('TracerKeyOverlap', () => {
  it('answers for a request span after request span without looking the keys up again', () => {
    const overlap = new TracerKeyOverlap();
    expect(overlaps(overlap, { 'http.method': 'GET', 'http.url': 'http://h/a' })).toBe(false);
    const next = counting({ 'http.method': 'POST', 'http.url': 'http://h/b' });
    expect(overlaps(overlap, next.attributes)).toBe(false);
    expect(next.foreignReads()).toBe(0);
  });

  it('looks again when the keys change, the extra objects change, or another span came between', () => {
    const overlap = new TracerKeyOverlap();
    expect(overlaps(overlap, { a: 'x' })).toBe(false);
    // A new key that the tracer also writes.
    expect(overlaps(overlap, { a: 'x', '_dd.agent_psr': 0.5 })).toBe(true);
    expect(overlaps(overlap, { a: 'x' })).toBe(false);
    // Same keys, other extra objects holding one of them.
    expect(overlaps(overlap, { a: 'y' }, { a: 'tracer' })).toBe(true);
    expect(overlaps(overlap, { a: 'y' })).toBe(false);
    // `_dd.p.tid` counts on a chunk's first span only.
    expect(overlaps(overlap, { '_dd.p.tid': 'x' }, SHARED_META, SHARED_METRICS, false)).toBe(false);
    expect(overlaps(overlap, { '_dd.p.tid': 'x' }, SHARED_META, SHARED_METRICS, true)).toBe(true);
    // Another mapper's span in between, with the same keys.
    const other = new TracerKeyOverlap();
    expect(overlaps(overlap, { b: 'x' })).toBe(false);
    expect(overlaps(other, { b: 'x' })).toBe(false);
    const after = counting({ b: 'x' });
    expect(overlaps(overlap, after.attributes)).toBe(false);
    expect(after.foreignReads()).toBeGreaterThan(0);
  });

  it('looks again after a span with fewer keys, and after a span that did not pass through', () => {
    const overlap = new TracerKeyOverlap();
    expect(overlaps(overlap, { a: 'x', b: 'y', '_dd.agent_psr': 1 })).toBe(true);
    expect(overlaps(overlap, { a: 'x', b: 'y' })).toBe(false);
    expect(overlaps(overlap, { a: 'x' })).toBe(false);
    expect(canPassThrough({ a: 'x', error: 'boom' }, RULES)).toBe(false);
    const again = counting({ a: 'x' });
    expect(overlaps(overlap, again.attributes)).toBe(false);
    expect(again.foreignReads()).toBeGreaterThan(0);
  });
});

describe('TracerKeyOverlap over many spans', () => {
  it('keeps answering from memory span after span', () => {
    const overlap = new TracerKeyOverlap();
    overlaps(overlap, { a: 'x' });
    for (let i = 0; i < 5; i++) {
      const span = counting({ a: `x${i}` });
      expect(overlaps(overlap, span.attributes)).toBe(false);
      expect(span.foreignReads()).toBe(0);
    }
  });
});
