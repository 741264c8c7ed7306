import { Unpackr } from 'msgpackr';
import { describe, expect, it } from 'vitest';
import { MsgpackWriter } from './msgpack-writer.js';

const unpackr = new Unpackr({ mapsAsObjects: false, useRecords: false });
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** Encodes one string; returns the header byte(s) and the payload bytes after the header. */
function encodeString(value: string, cacheStrings = true): { bytes: Buffer; header: number; body: Buffer } {
  const writer = new MsgpackWriter({ cacheStrings });
  writer.str(value);
  const bytes = writer.take();
  const type = bytes[0]!;
  const headerSize = type < 0xc0 ? 1 : type === 0xd9 ? 2 : type === 0xda ? 3 : 5;
  return { bytes, header: type, body: bytes.subarray(headerSize) };
}

describe('MsgpackWriter strings', () => {
  it.each([
    ['', 0xa0],
    ['x'.repeat(31), 0xbf],
    ['x'.repeat(32), 0xd9],
    ['x'.repeat(255), 0xd9],
    ['x'.repeat(256), 0xda],
    ['x'.repeat(65535), 0xda],
    ['x'.repeat(65536), 0xdb],
    ['x'.repeat(200_000), 0xdb],
  ])('length %# uses the shortest str format', (value, header) => {
    const { bytes, header: actual } = encodeString(value);
    expect(actual).toBe(header);
    expect(unpackr.unpack(bytes)).toBe(value);
  });

  it('picks the header from the UTF-8 length, not the UTF-16 length', () => {
    // 11 × 3 bytes = 33 > 31: must be str8 although only 11 chars.
    expect(encodeString('€'.repeat(11)).header).toBe(0xd9);
    // 10 chars, 30 bytes: still a fixstr.
    expect(encodeString('€'.repeat(10)).header).toBe(0xa0 | 30);
    // 30 000 × 3 bytes: str32 (> 65535 bytes) although the char count fits str16.
    expect(encodeString('€'.repeat(30_000)).header).toBe(0xdb);
    // 100 × 'é' = 200 bytes, guessed worst case 300 (str16) then shrunk to str8.
    expect(encodeString('é'.repeat(100)).header).toBe(0xd9);
  });

  it.each([
    ['non-ASCII', 'héllo wörld ñ ß 中文 العربية'],
    ['Latin-1 only, short', 'naïve café ÿ'],
    ['first char non-ASCII', 'é'],
    ['emoji', '👋🌍 trace 🚀'],
    ['emoji only, short', '😀'],
    ['long mixed', `${'abc'.repeat(30)}☃${'😀'.repeat(20)}`],
    ['NUL and controls', 'a\u0000b\u0001\u007f'],
  ])('%s round-trips as valid UTF-8', (_name, value) => {
    const { bytes, body } = encodeString(value);
    expect(body.equals(Buffer.from(value, 'utf8'))).toBe(true);
    expect(strictUtf8.decode(body)).toBe(value);
    expect(unpackr.unpack(bytes)).toBe(value);
  });

  it.each([
    ['lone high surrogate', 'a\ud800b', 'a\ufffdb'],
    ['lone low surrogate', '\udc00', '\ufffd'],
    ['high surrogate at the end', 'abc\ud83d', 'abc\ufffd'],
    ['reversed pair', '\ude00\ud83d', '\ufffd\ufffd'],
    ['long string with a lone surrogate', `${'x'.repeat(100)}\ud800`, `${'x'.repeat(100)}\ufffd`],
  ])('%s becomes U+FFFD', (_name, value, expected) => {
    const { bytes, body } = encodeString(value);
    expect(strictUtf8.decode(body)).toBe(expected);
    expect(unpackr.unpack(bytes)).toBe(expected);
  });

  it('every fixstr length, ASCII or not, matches Buffer.from and survives a buffer that must grow', () => {
    // Lengths up to and past the fixstr limit (31/32), where the JS loop hands over to utf8Write.
    for (let length = 1; length <= 34; length++) {
      const values = [
        'abcdefghijklmnopqrstuvwxyz0123456789'.slice(0, length).padEnd(length, '-'),
        `${'x'.repeat(length - 1)}é`,
        `é${'x'.repeat(length - 1)}`,
        `${'y'.repeat(length - 1)}\ud800`,
        // A sliced string (not flat), as `slice` makes for meta values cut from a longer one.
        `>${'z'.repeat(length)}<`.slice(1, length + 1),
      ];
      for (const value of values) {
        const writer = new MsgpackWriter({ initialSize: 16 });
        writer.str('pad');
        writer.str(value);
        const bytes = writer.take();
        const expectedBody = Buffer.from(value, 'utf8');
        expect(unpackr.unpack(bytes.subarray(4))).toBe(expectedBody.toString('utf8'));
        expect(bytes.subarray(bytes.length - expectedBody.length).equals(expectedBody)).toBe(true);
        const headerSize = bytes.length - 4 - expectedBody.length;
        expect(headerSize).toBe(expectedBody.length < 32 ? 1 : 2);
      }
    }
  });

  it('repeated strings decode the same with and without the cache', () => {
    const values = [
      'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36',
      'naïve café',
      'short',
      '6b1c8c1e-4a9b-4a53-9d77-2f0c8a3b1f55',
      'x'.repeat(300),
    ];
    const sequence = [...values, ...values, ...values.slice().reverse()];
    const encodeAll = (cacheStrings: boolean): Buffer => {
      const writer = new MsgpackWriter({ cacheStrings, initialSize: 32 });
      writer.arrayHeader(sequence.length);
      for (const v of sequence) writer.str(v);
      return writer.take();
    };
    const cached = encodeAll(true);
    expect(cached.equals(encodeAll(false))).toBe(true);
    expect(unpackr.unpack(cached)).toEqual(sequence);
  });

  it('the cache does not leak across payloads', () => {
    const writer = new MsgpackWriter();
    const long = 'a string long enough to be cached by the writer, surely';
    writer.arrayHeader(2);
    writer.str(long);
    writer.str(long);
    expect(unpackr.unpack(writer.take())).toEqual([long, long]);
    writer.arrayHeader(2);
    writer.str('other');
    writer.str(long);
    expect(unpackr.unpack(writer.take())).toEqual(['other', long]);
  });

  it('throws a TypeError for a non-string and writes nothing', () => {
    const writer = new MsgpackWriter();
    expect(() => writer.str(42 as unknown as string)).toThrow(TypeError);
    expect(() => writer.str(undefined as unknown as string)).toThrow(TypeError);
    expect(writer.length).toBe(0);
  });
});
