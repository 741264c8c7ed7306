import { describe, expect, it } from 'vitest';
import { inspectMsgpack } from './msgpack-inspect.js';
import { pack } from './test-support.js';
import { KEY_MARKER, pathKey } from './wire-facts.js';

describe('inspectMsgpack', () => {
  it('records the paths of float-encoded values, not of integers', () => {
    const facts = inspectMsgpack(pack([{ a: 1.5, b: 2, c: [3n, 2 ** 40] }, new Map([[7, 0.25]])]));
    expect([...facts.floatPaths].sort()).toEqual([pathKey([0, 'a']), pathKey([0, 'c', 1]), pathKey([1, 7])].sort());
  });

  it('records strings and map keys whose bytes are not valid UTF-8', () => {
    const bytes = pack({ good: 'ok', XX: ['AAAA'] });
    bytes.set([0xc3, 0x28], bytes.indexOf('XX'));
    bytes.set([0xff], bytes.indexOf('AAAA'));
    const facts = inspectMsgpack(bytes);
    expect(facts.invalidStrings).toEqual([
      ['\ufffd(', KEY_MARKER],
      ['\ufffd(', 0],
    ]);
  });

  it('walks every msgpack type, binary and extensions included', () => {
    const bytes = Buffer.concat([
      Buffer.from([0x9a]), // array of 10
      Buffer.from([0xc0, 0xc3, 0xe0]), // nil, true, -32
      Buffer.from([0xc4, 0x02, 0xff, 0xff]), // bin8 (invalid UTF-8 is fine in binary)
      Buffer.from([0xd4, 0x01, 0x00]), // fixext1
      Buffer.from([0xca, 0x3f, 0x80, 0x00, 0x00]), // float32 1.0
      Buffer.from([0xd9, 0x01, 0x61]), // str8 "a"
      Buffer.from([0xdc, 0x00, 0x01, 0x01]), // array16 [1]
      Buffer.from([0xde, 0x00, 0x01, 0x01, 0x02]), // map16 {1: 2}
      Buffer.from([0xd3, 0, 0, 0, 0, 0, 0, 0, 1]), // int64 1
    ]);
    const facts = inspectMsgpack(bytes);
    expect([...facts.floatPaths]).toEqual([pathKey([5])]);
    expect(facts.invalidStrings).toEqual([]);
  });

  it('throws on truncated input', () => {
    expect(() => inspectMsgpack(Buffer.from([0x92, 0x01]))).toThrow('unexpected end');
  });
});
