import type { Attributes } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import { MAX_ATTRIBUTES_PER_SPAN, copyValidAttributes, sanitizeAttributes } from './attributes.js';

/** The careful path alone, as the reference. */
function carefulCopy(input: unknown): Attributes | undefined {
  const out: Attributes = {};
  return copyValidAttributes(out, input, 0) > 0 ? out : undefined;
}

describe('sanitizeAttributes', () => {
  it('copies a literal of valid attributes, arrays included, without sharing them', () => {
    const input = { int_val: 1, string_val: 'two', list: ['a', 'b'] };
    const copy = sanitizeAttributes(input)!;
    expect(copy).toEqual(input);
    expect(copy).not.toBe(input);
    expect(copy.list).not.toBe(input.list);
    input.list.push('c');
    expect(copy.list).toEqual(['a', 'b']);
  });

  it('gives what the careful copy gives for invalid, hostile and oversized input', () => {
    const throwing = Object.defineProperty({ ok: 1 }, 'bad', { enumerable: true, get: () => { throw new Error('no'); } });
    const inherited = Object.assign(Object.create({ inheritedKey: 1 }), { own: 2 });
    const many = Object.fromEntries(Array.from({ length: MAX_ATTRIBUTES_PER_SPAN + 5 }, (_, i) => [`k${i}`, i]));
    const revoked = Proxy.revocable({ a: 1 }, {});
    revoked.revoke();
    const cases: unknown[] = [
      {},
      { '': 1, ok: 2 },
      JSON.parse('{"__proto__": 1, "ok": 2}'),
      { nested: { a: 1 }, ok: 'x' },
      { mixed: [1, 'a'], ok: true },
      { nul: null, undef: undefined, ok: 0 },
      { big: 1n, fn: () => 1, ok: 'y' },
      throwing,
      inherited,
      many,
      revoked.proxy,
      ['a', 'b'],
    ];
    for (const input of cases) expect(sanitizeAttributes(input)).toEqual(carefulCopy(input));
    expect(Object.keys(sanitizeAttributes(many)!)).toHaveLength(MAX_ATTRIBUTES_PER_SPAN);
  });

  it('returns undefined for nothing valid or no object', () => {
    expect(sanitizeAttributes({ '': 1 })).toBeUndefined();
    expect(sanitizeAttributes({})).toBeUndefined();
    expect(sanitizeAttributes(null)).toBeUndefined();
    expect(sanitizeAttributes('text')).toBeUndefined();
  });
});

describe('copyValidAttributes', () => {
  it('counts the new keys, into an empty target and onto existing ones', () => {
    const empty: Attributes = {};
    expect(copyValidAttributes(empty, { a: 1, b: 'x', c: [true], '': 2, bad: { x: 1 } }, 0)).toBe(3);
    expect(empty).toEqual({ a: 1, b: 'x', c: [true] });
    // Overwriting a key already there does not count it again.
    expect(copyValidAttributes(empty, { a: 2, d: false }, 3)).toBe(4);
    expect(empty).toEqual({ a: 2, b: 'x', c: [true], d: false });
    // A target with keys the count does not know of (recordException's) still overwrites, not adds.
    const prefilled: Attributes = { 'exception.type': 'TypeError' };
    expect(copyValidAttributes(prefilled, { 'exception.type': 'RangeError', extra: 1 }, 0)).toBe(1);
    expect(prefilled).toEqual({ 'exception.type': 'RangeError', extra: 1 });
  });

  it('keeps the per-span bound into an empty target', () => {
    const many = Object.fromEntries(Array.from({ length: MAX_ATTRIBUTES_PER_SPAN + 5 }, (_, i) => [`k${i}`, i]));
    const target: Attributes = {};
    expect(copyValidAttributes(target, many, 0)).toBe(MAX_ATTRIBUTES_PER_SPAN);
    expect(Object.keys(target)).toHaveLength(MAX_ATTRIBUTES_PER_SPAN);
    expect(copyValidAttributes(target, { more: 1 }, MAX_ATTRIBUTES_PER_SPAN)).toBe(MAX_ATTRIBUTES_PER_SPAN);
    expect(target.more).toBeUndefined();
  });
});
