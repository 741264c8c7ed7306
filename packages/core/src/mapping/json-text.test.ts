import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { jsonEpochNanos, jsonNumber, jsonPrimitiveArray, jsonString } from './json-text.js';

describe('JSON text builders', () => {
  it('produces the same string literals as JSON.stringify', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (value) => {
        expect(jsonString(value)).toBe(JSON.stringify(value));
      }),
      { numRuns: 500 },
    );
    expect(jsonString('say "hi"\n\\')).toBe(JSON.stringify('say "hi"\n\\'));
    expect(jsonString('lone \ud800')).toBe('"lone \\ud800"');
  });

  it('produces the same numbers as JSON.stringify, null for NaN and infinities', () => {
    fc.assert(
      fc.property(fc.double(), (value) => {
        expect(jsonNumber(value)).toBe(JSON.stringify(value));
      }),
    );
    expect(jsonNumber(-0)).toBe('0');
  });

  it('keeps only primitive array items', () => {
    expect(jsonPrimitiveArray(['a', 1, true, null, [2], { x: 1 }])).toBe('["a",1,true]');
    expect(jsonPrimitiveArray([null])).toBeUndefined();
    expect(jsonPrimitiveArray([])).toBeUndefined();
  });

  it('prints epoch nanoseconds exactly (as the uint64 the encoder writes)', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 9_223_372_036_854, noNaN: true }), (ms) => {
        const ns = Math.round(ms * 1e6);
        expect(jsonEpochNanos(ns)).toBe(BigInt(ns).toString());
      }),
      { numRuns: 2000 },
    );
    for (const ns of [0, 1, 999_999_999_999, 1e12, 1e12 + 1, 2 ** 60]) {
      expect(jsonEpochNanos(ns)).toBe(BigInt(ns).toString());
    }
  });
});
