import { describe, expect, it } from 'vitest';
import { formatKnuthRate, isKnuthSampled } from './knuth.js';
import { traceIdFromLow64 } from './trace-fixture.test-support.js';

// Vectors from dd-trace-js's sampler tests (packages/dd-trace/test/sampler.spec.js); each one was
// also recomputed from the formula (low64 × 1111111111111111111 mod 2^64 ≤ floor(rate × 2^64)).
const VECTORS: Array<[string, number, boolean]> = [
  ['12078589664685934330', 0.5, false], // product 14232088458055943766 > 2^63
  ['9223372036854775808', 0.5, true],
  ['9223372036854775808', 0.25, false],
  ['6148299799767393280', 0.3333, false],
  ['2986627970102095326', 0.3333, true],
  ['13835058055282163712', 0.75, true],
  ['18444899399302180860', 0.5, false],
  ['18444899399302180862', 0.5, true],
  ['18446744073709551615', 0.5, false],
  ['9223372036854775807', 0.5, true],
  ['4611686018427387903', 0.5, false],
  ['646771306295669658', 0.5, true],
  ['5198373796167680436', 0.5, false],
  ['13794769880582338323', 0.5, true],
  ['14629469446186818297', 0.5, false],
  ['8135292307740797052', 0.1234, true],
  ['2263640730249415707', 0.1234, false],
];

describe('isKnuthSampled', () => {
  it.each(VECTORS)('trace id low64 %s at rate %s → %s', (low, rate, expected) => {
    expect(isKnuthSampled(traceIdFromLow64(low), rate)).toBe(expected);
  });

  it('decides on the low 64 bits only: the high half does not change the answer', () => {
    for (const [low, rate, expected] of VECTORS) {
      expect(isKnuthSampled(traceIdFromLow64(low, '66b1f6ab00000000'), rate)).toBe(expected);
    }
  });

  it('keeps everything at rate 1 and drops everything at rate 0', () => {
    const id = traceIdFromLow64('12078589664685934330');
    expect(isKnuthSampled(id, 1)).toBe(true);
    expect(isKnuthSampled(id, 0)).toBe(false);
    expect(isKnuthSampled(traceIdFromLow64('1'), 0)).toBe(false);
  });

  it('never drops because of a malformed id or a NaN rate', () => {
    expect(isKnuthSampled('not-hex', 0.5)).toBe(true);
    expect(isKnuthSampled(traceIdFromLow64('12078589664685934330'), Number.NaN)).toBe(true);
  });
});

describe('formatKnuthRate', () => {
  it.each([
    [0.5, '0.5'],
    [1, '1'],
    [0, '0'],
    [0.000001, '0.000001'],
    [0.1234567, '0.123457'],
    [0.25, '0.25'],
    [0.0000001, '0'],
  ])('%s → %s', (rate, text) => {
    expect(formatKnuthRate(rate)).toBe(text);
  });
});
