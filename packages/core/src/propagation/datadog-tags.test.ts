import { describe, expect, it } from 'vitest';
import { decodeDatadogTags, encodeDatadogTags } from './datadog-tags.js';

const ID_64 = '0000000000000000' + '1234567890abcdef';
const ID_128 = '66b1f6ab00000000' + '1234567890abcdef';

describe('encodeDatadogTags', () => {
  it('sends truthy _dd.p.* tags and _dd.p.tid from the trace id', () => {
    const tags = { '_dd.p.dm': '-0', '_dd.p.ksr': '1', '_dd.p.empty': '', '_dd.parent_id': 'x', 'baggage.user.id': 'u' };
    expect(encodeDatadogTags(tags, ID_128, 512)).toEqual({
      header: '_dd.p.dm=-0,_dd.p.ksr=1,_dd.p.tid=66b1f6ab00000000',
      error: undefined,
    });
  });

  it('takes _dd.p.tid from the trace id, never from the tags', () => {
    expect(encodeDatadogTags({ '_dd.p.tid': '1111111111111111' }, ID_64, 512)).toEqual({ header: undefined, error: undefined });
  });

  it('sends nothing and reports inject_max_size past the limit', () => {
    expect(encodeDatadogTags({ '_dd.p.long': 'x'.repeat(600) }, ID_64, 512)).toEqual({
      header: undefined,
      error: 'inject_max_size',
    });
  });

  it('sends nothing and reports encoding_error for an invalid pair', () => {
    expect(encodeDatadogTags({ '_dd.p.ok': '1', '_dd.p.bad': 'a,b' }, ID_64, 512)).toEqual({
      header: undefined,
      error: 'encoding_error',
    });
  });

  it('is off at max length 0', () => {
    expect(encodeDatadogTags({ '_dd.p.dm': '-0' }, ID_128, 0)).toEqual({ header: undefined, error: undefined });
  });
});

describe('decodeDatadogTags', () => {
  it('reads _dd.p.* tags and splits out _dd.p.tid', () => {
    expect(decodeDatadogTags('_dd.p.dm=-4,_dd.p.tid=66B1F6AB00000000,_dd.p.eq=a=b', 512)).toEqual({
      tags: { '_dd.p.dm': '-4', '_dd.p.eq': 'a=b' },
      traceIdHigh: '66b1f6ab00000000',
      error: undefined,
    });
  });

  it('rejects the whole header past the limit: extract_max_size', () => {
    const header = `_dd.p.dm=-4,_dd.p.x=${'y'.repeat(600)}`;
    expect(decodeDatadogTags(header, 512)).toEqual({ tags: {}, traceIdHigh: undefined, error: 'extract_max_size' });
  });

  it.each(['_dd.p.dm=-4,other=1', '_dd.p.dm', '=1', '_dd.p.dm=-4,', '_dd.p.=1', '_dd.p.a b=1', '_dd.p.x=\u00e9'])(
    'rejects the whole header %j: decoding_error',
    (header) => {
      expect(decodeDatadogTags(header, 512)).toEqual({ tags: {}, traceIdHigh: undefined, error: 'decoding_error' });
    },
  );

  it('drops only a malformed _dd.p.tid', () => {
    expect(decodeDatadogTags('_dd.p.dm=-4,_dd.p.tid=xyz', 512)).toEqual({
      tags: { '_dd.p.dm': '-4' },
      traceIdHigh: undefined,
      error: 'malformed_tid xyz',
    });
  });

  it('ignores the header at max length 0 and when absent', () => {
    expect(decodeDatadogTags('_dd.p.dm=-4', 0).tags).toEqual({});
    expect(decodeDatadogTags(undefined, 512)).toEqual({ tags: {}, traceIdHigh: undefined, error: undefined });
  });
});
