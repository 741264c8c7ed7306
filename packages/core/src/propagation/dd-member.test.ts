import { TraceState } from '@opentelemetry/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeDatadogMember, encodeDatadogMember } from './dd-member.js';

const ID_64 = '0000000000000000' + '1234567890abcdef';
const ID_128 = '66b1f6ab00000000' + '1234567890abcdef';

describe('encodeDatadogMember', () => {
  it('writes s, o, p, t.dm, t.tid, then other t.* in that order', () => {
    const value = encodeDatadogMember({
      priority: 2,
      origin: 'synthetics',
      parentId: '00000000000004d2',
      tags: { '_dd.p.usr.id': 'baz64', '_dd.p.dm': '-4', '_dd.parent_id': 'ffffffffffffffff', other: 'x' },
      traceId: ID_128,
    });
    expect(value).toBe('s:2;o:synthetics;p:00000000000004d2;t.dm:-4;t.tid:66b1f6ab00000000;t.usr.id:baz64');
  });

  it('omits t.tid for 64-bit trace ids and ignores a _dd.p.tid tag', () => {
    const value = encodeDatadogMember({
      priority: 1,
      origin: undefined,
      parentId: undefined,
      tags: { '_dd.p.tid': 'deadbeefdeadbeef' },
      traceId: ID_64,
    });
    expect(value).toBe('s:1');
  });

  it('escapes values: , ; ~ and non-ASCII → _, = → ~; keys lose separators', () => {
    const value = encodeDatadogMember({
      priority: undefined,
      origin: 'rum;x=1,é~',
      parentId: undefined,
      tags: { '_dd.p.a b:c;d=e': 'v=1;w,x~' },
      traceId: ID_64,
    });
    expect(value).toBe('o:rum_x~1___;t.a_b_c_d_e:v~1_w_x_');
  });

  it('stays within 256 characters by leaving out what does not fit', () => {
    const tags: Record<string, string> = { '_dd.p.dm': '-3' };
    for (let i = 0; i < 20; i++) tags[`_dd.p.key${i}`] = 'v'.repeat(20);
    const value = encodeDatadogMember({ priority: 2, origin: undefined, parentId: undefined, tags, traceId: ID_64 });
    expect(value.length).toBeLessThanOrEqual(256);
    expect(value.startsWith('s:2;t.dm:-3;t.key0:')).toBe(true);
  });

  it('never ends with a space and is empty when there is nothing to say', () => {
    expect(
      encodeDatadogMember({ priority: undefined, origin: 'a ', parentId: undefined, tags: {}, traceId: ID_64 }),
    ).toBe('o:a');
    expect(encodeDatadogMember({ priority: undefined, origin: undefined, parentId: undefined, tags: {}, traceId: ID_64 })).toBe('');
  });
});

describe('decodeDatadogMember', () => {
  it('reads every field back, un-escaping ~ to =', () => {
    expect(decodeDatadogMember('s:2;o:rum~x;p:00000000000004D2;t.dm:-4;t.tid:66b1f6ab00000000;t.usr.id:a~b')).toEqual({
      priority: 2,
      mechanism: 4,
      origin: 'rum=x',
      parentId: '00000000000004d2',
      tags: { '_dd.p.dm': '-4', '_dd.p.usr.id': 'a=b' },
    });
  });

  it('skips malformed entries', () => {
    expect(decodeDatadogMember('s:abc;p:123;t.dm:x;;:;t.:1;junk;o:')).toEqual({
      priority: undefined,
      mechanism: undefined,
      origin: undefined,
      parentId: undefined,
      tags: {},
    });
  });

  it('round-trips what encode writes', () => {
    const source = {
      priority: -1,
      origin: 'synthetics-browser',
      parentId: 'abcdef0123456789',
      tags: { '_dd.p.dm': '-3', '_dd.p.ksr': '0.5', '_dd.p.x': 'a=b' },
      traceId: ID_128,
    };
    const decoded = decodeDatadogMember(encodeDatadogMember(source));
    expect(decoded).toEqual({
      priority: -1,
      mechanism: 3,
      origin: 'synthetics-browser',
      parentId: 'abcdef0123456789',
      tags: source.tags,
    });
  });
});

describe('encodeDatadogMember with arbitrary input', () => {
  it('always yields a value W3C tracestate accepts', () => {
    fc.assert(
      fc.property(
        fc.option(fc.integer({ min: -1, max: 2 }), { nil: undefined }),
        fc.option(fc.string({ unit: 'binary', maxLength: 300 }), { nil: undefined }),
        fc.dictionary(
          fc.string({ unit: 'binary', maxLength: 20 }).map((k) => `_dd.p.${k}`),
          fc.string({ unit: 'binary', maxLength: 80 }),
          { maxKeys: 8 },
        ),
        (priority, origin, tags) => {
          const value = encodeDatadogMember({ priority, origin, parentId: 'abcdef0123456789', tags, traceId: ID_128 });
          expect(value.length).toBeLessThanOrEqual(256);
          expect(new TraceState(`dd=${value}`).get('dd')).toBe(value);
          expect(decodeDatadogMember(value).priority).toBe(priority);
        },
      ),
      { numRuns: 300 },
    );
  });
});
