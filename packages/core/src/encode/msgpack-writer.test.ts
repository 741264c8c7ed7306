import { Unpackr } from 'msgpackr';
import { describe, expect, it } from 'vitest';
import { MsgpackWriter } from './msgpack-writer.js';
import { preEncode } from './pre-encoded.js';

// Default int64 handling decodes every uint64/int64 as a BigInt, so nothing is rounded.
const unpackr = new Unpackr({ mapsAsObjects: false, useRecords: false });

function encode(write: (w: MsgpackWriter) => void, options = {}): Buffer {
  const writer = new MsgpackWriter(options);
  write(writer);
  return writer.take();
}

function decodeOne(write: (w: MsgpackWriter) => void): unknown {
  return unpackr.unpack(encode(write));
}

// Unsigned values up to 2^32 - 1 in their shortest form: what both int() and index() write.
const UINT32_CASES: Array<[number, string]> = [
  [0, '00'],
  [127, '7f'],
  [128, 'cc80'],
  [255, 'ccff'],
  [256, 'cd0100'],
  [65535, 'cdffff'],
  [65536, 'ce00010000'],
  [4294967295, 'ceffffffff'],
];

describe('MsgpackWriter integers', () => {
  const cases: Array<[number, string]> = [
    ...UINT32_CASES,
    [4294967296, 'cf0000000100000000'],
    [Number.MAX_SAFE_INTEGER, 'cf001fffffffffffff'],
    [-1, 'ff'],
    [-32, 'e0'],
    [-33, 'd0df'],
    [-128, 'd080'],
    [-129, 'd1ff7f'],
    [-32768, 'd18000'],
    [-32769, 'd2ffff7fff'],
    [-2147483648, 'd280000000'],
    [-2147483649, 'd3ffffffff7fffffff'],
    [Number.MIN_SAFE_INTEGER, 'd3ffe0000000000001'],
  ];
  it.each(cases)('int(%d) uses the shortest format', (value, hex) => {
    expect(encode((w) => w.int(value)).toString('hex')).toBe(hex);
  });

  it('decodes back exactly', () => {
    for (const [value] of cases) {
      const decoded = decodeOne((w) => w.int(value));
      expect(typeof decoded === 'bigint' ? decoded : BigInt(decoded as number)).toBe(BigInt(value));
    }
  });

  it('writes doubles beyond 2^53 as exact uint64', () => {
    const start = 1732975200123456768; // epoch ns, exactly representable as a double
    expect(decodeOne((w) => w.int(start))).toBe(1732975200123456768n);
    expect(decodeOne((w) => w.int(2 ** 63 - 1024))).toBe(2n ** 63n - 1024n);
  });

  it('never leaves the int64 range and never writes a float', () => {
    expect(decodeOne((w) => w.int(2 ** 64))).toBe(2n ** 63n - 1n);
    expect(decodeOne((w) => w.int(Infinity))).toBe(2n ** 63n - 1n);
    expect(decodeOne((w) => w.int(-(2 ** 70)))).toBe(-(2n ** 63n));
    expect(decodeOne((w) => w.int(-Infinity))).toBe(-(2n ** 63n));
    expect(decodeOne((w) => w.int(NaN))).toBe(0);
    expect(decodeOne((w) => w.int(41.9))).toBe(41);
    expect(decodeOne((w) => w.int(-41.9))).toBe(-41);
    expect(decodeOne((w) => w.int(-0))).toBe(0);
  });

  it('uint64FromNumber always writes 0xcf and clamps to the uint64 range', () => {
    expect(encode((w) => w.uint64FromNumber(5)).toString('hex')).toBe('cf0000000000000005');
    expect(decodeOne((w) => w.uint64FromNumber(2 ** 64 - 2048))).toBe(2n ** 64n - 2048n);
    expect(decodeOne((w) => w.uint64FromNumber(2 ** 64))).toBe(2n ** 64n - 1n);
    expect(decodeOne((w) => w.uint64FromNumber(-3))).toBe(0n);
    expect(decodeOne((w) => w.uint64FromNumber(NaN))).toBe(0n);
    expect(decodeOne((w) => w.uint64FromNumber(12.7))).toBe(12n);
  });
});

describe('MsgpackWriter uint64FromHex', () => {
  it.each([
    'ffffffffffffffff',
    '8000000000000000',
    '0020000000000001', // 2^53 + 1: not representable as a double
    '0000000000000000',
    '00000000000000ff',
    'ABCDEF0123456789',
  ])('%s decodes to the exact uint64', (hex) => {
    const bytes = encode((w) => w.uint64FromHex(hex));
    expect(bytes[0]).toBe(0xcf);
    expect(unpackr.unpack(bytes)).toBe(BigInt(`0x${hex}`));
  });

  it('pads short input and keeps the low 64 bits of long input', () => {
    expect(decodeOne((w) => w.uint64FromHex('1f'))).toBe(31n);
    expect(decodeOne((w) => w.uint64FromHex('1234567890abcdef0000000000000002'))).toBe(2n);
  });

  it('counts non-hex chars as 0 instead of corrupting the payload', () => {
    const bytes = encode((w) => {
      w.arrayHeader(2);
      w.uint64FromHex('zz00000000000001');
      w.str('after');
    });
    expect(unpackr.unpack(bytes)).toEqual([1n, 'after']);
  });
});

describe('MsgpackWriter floats, numbers and small types', () => {
  it('number(): safe integers as ints, everything else as float64', () => {
    expect(encode((w) => w.number(3)).toString('hex')).toBe('03');
    expect(encode((w) => w.number(-7)).toString('hex')).toBe('f9');
    expect(encode((w) => w.number(0.5)).toString('hex')).toBe('cb3fe0000000000000');
    expect(encode((w) => w.number(2 ** 60)).toString('hex')).toBe('cb43b0000000000000');
    expect(encode((w) => w.number(Infinity)).toString('hex')).toBe('cb7ff0000000000000');
    expect(encode((w) => w.number(-Infinity)).toString('hex')).toBe('cbfff0000000000000');
    expect(decodeOne((w) => w.number(-1.25e-300))).toBe(-1.25e-300);
  });

  it('nil and bool', () => {
    expect(encode((w) => (w.nil(), w.bool(true), w.bool(false))).toString('hex')).toBe('c0c3c2');
  });

  it('raw() writes a pre-encoded key as a fixstr', () => {
    for (const key of ['', 'a', 'abc', 'abcd', 'trace_id', 'time_unix_nano', 'x'.repeat(31)]) {
      expect(decodeOne((w) => w.raw(preEncode(key)))).toBe(key);
    }
    expect(() => preEncode('x'.repeat(32))).toThrow(TypeError);
    expect(() => preEncode('é')).toThrow(TypeError);
  });

  it('raw() writes fused constants: keys and raw bytes in order', () => {
    expect(decodeOne((w) => w.raw(preEncode(0x82, 'a', 0x01, 'bb', 0xc3)))).toEqual(new Map<string, unknown>([['a', 1], ['bb', true]]));
    expect(() => preEncode(256)).toThrow(TypeError);
    expect(() => preEncode(1.5)).toThrow(TypeError);
  });
});

describe('MsgpackWriter headers', () => {
  it.each([
    [0, '90', '80'],
    [15, '9f', '8f'],
    [16, 'dc0010', 'de0010'],
    [65535, 'dcffff', 'deffff'],
    [65536, 'dd00010000', 'df00010000'],
  ])('count %d', (count, arrayHex, mapHex) => {
    expect(encode((w) => w.arrayHeader(count)).toString('hex')).toBe(arrayHex);
    expect(encode((w) => w.mapHeader(count)).toString('hex')).toBe(mapHex);
  });

  it('32-bit placeholders are patched with the final count', () => {
    const bytes = encode((w) => {
      const map = w.map32Placeholder();
      w.str('k');
      const array = w.array32Placeholder();
      for (let i = 0; i < 20; i++) w.int(i);
      w.patchCount32(array, 20);
      w.patchCount32(map, 1);
    });
    expect(bytes.subarray(0, 5).toString('hex')).toBe('df00000001');
    expect(unpackr.unpack(bytes)).toEqual(new Map([['k', Array.from({ length: 20 }, (_, i) => i)]]));
  });

  it.each([
    [0, '80'],
    [15, '8f'],
    [16, 'de0010'],
    [65536, 'df00010000'],
  ])('a one-byte map placeholder patched to %d entries takes the shortest header', (count, headerHex) => {
    const bytes = encode(
      (w) => {
        w.arrayHeader(2);
        const map = w.mapPlaceholder();
        for (let i = 0; i < count; i++) {
          w.index(i);
          w.index(count - i);
        }
        w.patchMapCount(map, count);
        w.str('after');
      },
      { initialSize: 16 },
    );
    expect(bytes.subarray(1, 1 + headerHex.length / 2).toString('hex')).toBe(headerHex);
    const expected = new Map(Array.from({ length: count }, (_, i) => [i, count - i]));
    expect(unpackr.unpack(bytes)).toEqual([expected, 'after']);
  });

  it.each(UINT32_CASES)('index %d in its shortest unsigned form', (value, hex) => {
    expect(encode((w) => w.index(value)).toString('hex')).toBe(hex);
  });
});

describe('MsgpackWriter buffer', () => {
  it('grows from the smallest initial size without losing bytes', () => {
    const values = Array.from({ length: 2000 }, (_, i) => `value-${i}-${'é'.repeat(i % 40)}`);
    const bytes = encode(
      (w) => {
        w.arrayHeader(values.length);
        for (const v of values) w.str(v);
      },
      { initialSize: 16 },
    );
    expect(unpackr.unpack(bytes)).toEqual(values);
  });

  it('copyWritten appends an exact copy of earlier bytes, at every length and alignment, also when it grows', () => {
    for (const initialSize of [16, 4096]) {
      for (let length = 0; length <= 100; length++) {
        for (const start of [0, 1, 2, 3, 5]) {
          const writer = new MsgpackWriter({ initialSize });
          // Distinct bytes (0x00..0x7f as positive fixints), so a shifted or dropped byte shows.
          for (let i = 0; i < start + length + 3; i++) writer.index((i * 7) % 128);
          const before = Buffer.from(writer.bytes());
          writer.copyWritten(start, length);
          const after = writer.bytes();
          expect(after.length, `length ${length} from ${start}`).toBe(before.length + length);
          expect(Buffer.compare(after.subarray(0, before.length), before), 'untouched').toBe(0);
          expect(Buffer.compare(after.subarray(before.length), before.subarray(start, start + length)), `length ${length} from ${start}`).toBe(0);
        }
      }
    }
  });

  it('take() returns independent payloads and leaves the writer empty', () => {
    const writer = new MsgpackWriter({ initialSize: 64 });
    writer.str('first payload that fills most of the buffer..');
    const first = writer.take();
    expect(writer.length).toBe(0);
    writer.str('second');
    const second = writer.take();
    expect(unpackr.unpack(first)).toBe('first payload that fills most of the buffer..');
    expect(unpackr.unpack(second)).toBe('second');
  });

  it('hands over memory of its own, never a slice of Node\'s shared buffer pool', () => {
    // Small sizes are pool slices with Buffer.allocUnsafe (below 4 KiB on Node 20, 32 KiB on 24);
    // only whole buffers can be given back to the writer for reuse.
    // 32-byte fixstrs: no worst-case reservation, so the buffer is exactly as large as needed.
    const fill = (writer: MsgpackWriter, bytes: number): void => {
      for (let i = 0; i < bytes / 32; i++) writer.str('0123456789012345678901234567890');
    };
    for (const initialSize of [64, 1024]) {
      const grownWriter = new MsgpackWriter({ initialSize });
      fill(grownWriter, initialSize * 3);
      const initialWriter = new MsgpackWriter({ initialSize });
      fill(initialWriter, initialSize);
      for (const bytes of [grownWriter.take(), initialWriter.take()]) {
        expect(bytes.byteOffset).toBe(0);
        expect(bytes.buffer.byteLength).toBeLessThanOrEqual(initialSize * 4);
      }
    }
  });

  it('truncate() undoes writes and forgets cached strings written after the cut', () => {
    const writer = new MsgpackWriter();
    const long = 'a long string that is worth caching: '.repeat(2);
    writer.arrayHeader(3);
    writer.str('keep');
    const cut = writer.length;
    writer.str(long);
    writer.truncate(cut);
    writer.str('x');
    writer.str(long);
    expect(unpackr.unpack(writer.take())).toEqual(['keep', 'x', long]);
    expect(() => writer.truncate(5)).toThrow(RangeError);
  });

  it('rejects a bad initialSize', () => {
    expect(() => new MsgpackWriter({ initialSize: 0 })).toThrow(/initialSize/);
    expect(() => new MsgpackWriter({ initialSize: 1.5 })).toThrow(TypeError);
  });

  it('grows to sizeHint instead of doubling past it, and doubles again beyond it', () => {
    // 32-byte fixstrs, 40 of them: 1,280 bytes, past 1,024 and within the hint of 1,300.
    const fill = (writer: MsgpackWriter, strings: number): void => {
      for (let i = 0; i < strings; i++) writer.str('0123456789012345678901234567890');
    };
    const hinted = new MsgpackWriter({ initialSize: 64, sizeHint: 1300 });
    fill(hinted, 40);
    expect(hinted.take().buffer.byteLength).toBe(1300);
    const unhinted = new MsgpackWriter({ initialSize: 64 });
    fill(unhinted, 40);
    expect(unhinted.take().buffer.byteLength).toBe(2048);
    const overflowing = new MsgpackWriter({ initialSize: 64, sizeHint: 1300 });
    fill(overflowing, 50);
    expect(overflowing.take().buffer.byteLength).toBe(2600);
  });

  it('rejects a bad sizeHint', () => {
    expect(() => new MsgpackWriter({ sizeHint: -1 })).toThrow(/sizeHint/);
    expect(() => new MsgpackWriter({ sizeHint: 1.5 })).toThrow(TypeError);
  });
});
