import { describe, expect, it } from 'vitest';
import { generatedId, hexToWord, hexWord, idToHex, low64Hex, newSpanId, newTraceId, nextSpanId } from './ids.js';

describe('span ids', () => {
  it('draws non-zero ids with the top bit clear, as two signed 32-bit halves', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 5000; i++) {
      nextSpanId();
      const { high, low } = generatedId;
      expect(Number.isInteger(high) && Number.isInteger(low)).toBe(true);
      expect(high >= 0 && high <= 0x7fffffff).toBe(true);
      expect(low >= -0x80000000 && low <= 0x7fffffff).toBe(true);
      expect(high !== 0 || low !== 0).toBe(true);
      seen.add(idToHex(high, low));
    }
    expect(seen.size).toBe(5000);
  });

  it('converts between halves and 16 lower-hex chars in both directions', () => {
    expect(idToHex(0, 1)).toBe('0000000000000001');
    expect(idToHex(0x7fffffff, -1)).toBe('7fffffffffffffff');
    expect(idToHex(-1, -2)).toBe('fffffffffffffffe');
    const hex = 'a1b2c3d4e5f60718';
    expect(idToHex(hexToWord(hex, 0), hexToWord(hex, 8))).toBe(hex);
    expect(hexToWord('ABCDEF0123456789', 0)).toBe(hexToWord('abcdef0123456789', 0));
    // Non-hex characters read as 0, as the encoders always did.
    expect(hexToWord('zz000001', 0)).toBe(1);
  });

  it('writes every digit of both signs as 8 lower-hex chars, like toString(16) zero-padded', () => {
    const words = [0, 1, 9, 10, 15, 16, 0xabcdef, 0x7fffffff, -1, -0x80000000, 0x12345678, -0x0fedcba9];
    for (let i = 0; i < 2000; i++) words.push((i * 2654435761) | 0);
    for (const word of words) {
      const expected = (word >>> 0).toString(16).padStart(8, '0');
      expect(hexWord(word)).toBe(expected);
      expect(idToHex(word, ~word)).toBe(expected + (~word >>> 0).toString(16).padStart(8, '0'));
    }
  });

  it('reads any hex id as its low 64 bits', () => {
    expect(low64Hex('1')).toBe('0000000000000001');
    expect(low64Hex('0af7651916cd43dd8448eb211c80319c')).toBe('8448eb211c80319c');
    expect(low64Hex('8448eb211c80319c')).toBe('8448eb211c80319c');
  });

  it('formats span and trace ids as hex, 128-bit ones with the start second up front', () => {
    expect(newSpanId()).toMatch(/^[0-7][0-9a-f]{15}$/);
    expect(newTraceId(false)).toMatch(/^0{16}[0-7][0-9a-f]{15}$/);
    const id = newTraceId(true);
    expect(id).toMatch(/^[0-9a-f]{8}0{8}[0-7][0-9a-f]{15}$/);
    expect(Math.abs(parseInt(id.slice(0, 8), 16) - Date.now() / 1000)).toBeLessThan(5);
  });
});
