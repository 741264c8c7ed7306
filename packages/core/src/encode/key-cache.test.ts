import { describe, expect, it } from 'vitest';
import { cachedKeyCount, writeKey } from './key-cache.js';
import { MsgpackWriter } from './msgpack-writer.js';

function viaStr(key: string): Buffer {
  const writer = new MsgpackWriter({ cacheStrings: false });
  writer.str(key);
  return writer.take();
}

function viaWriteKey(key: string): Buffer {
  const writer = new MsgpackWriter({ cacheStrings: false });
  writeKey(writer, key);
  return writer.take();
}

describe('writeKey', () => {
  it.each([
    'http.method',
    'x',
    'k'.repeat(31),
    'k'.repeat(32),
    'k'.repeat(300),
    'clé.ünïcode',
    'emoji.😀',
    'tab\there',
    'lone\ud800',
  ])('writes the same bytes as str, first and cached (%#)', (key) => {
    const expected = viaStr(key);
    expect(viaWriteKey(key)).toEqual(expected);
    expect(viaWriteKey(key)).toEqual(expected);
  });

  it('stops caching at its bound, and still writes every key', () => {
    for (let i = 0; i < 2000; i++) {
      const key = `user.key.${i}`;
      expect(viaWriteKey(key)).toEqual(viaStr(key));
    }
    expect(cachedKeyCount()).toBeLessThanOrEqual(512);
    expect(cachedKeyCount()).toBeGreaterThan(0);
  });
});
