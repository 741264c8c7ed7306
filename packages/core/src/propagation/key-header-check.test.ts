import { describe, expect, it } from 'vitest';
import { KeyHeaderCheck } from './key-header-check.js';

const NAMES = ['traceparent', 'x-datadog-trace-id', 'baggage', 'x-b3-traceid', 'b3', 'x-extra'];

describe('KeyHeaderCheck', () => {
  it('says none for headers without any of the names, and for no carrier', () => {
    const check = new KeyHeaderCheck(NAMES);
    expect(check.carriesNone({ host: 'a', 'user-agent': 'b' })).toBe(true);
    expect(check.carriesNone({})).toBe(true);
    expect(check.carriesNone(undefined)).toBe(true);
    expect(check.carriesNone(null)).toBe(true);
  });

  it.each(NAMES)('finds %s, whichever place it has in the list', (name) => {
    const check = new KeyHeaderCheck(NAMES);
    expect(check.carriesNone({ host: 'a', [name]: 'x' })).toBe(false);
    // Present means not undefined, as the default getter reads it.
    expect(check.carriesNone({ [name]: '' })).toBe(false);
    expect(check.carriesNone({ [name]: null })).toBe(false);
  });

  it('reads the same headers many times without changing its answers', () => {
    // Enough reads for the optimizing compiler to specialise the load sites.
    const check = new KeyHeaderCheck(NAMES);
    const shapes = [{ host: 'a' }, { host: 'a', connection: 'keep-alive' }, { accept: '*/*' }];
    for (let i = 0; i < 20_000; i++) expect(check.carriesNone(shapes[i % 3])).toBe(true);
    expect(check.carriesNone({ host: 'a', baggage: 'k=v' })).toBe(false);
    expect(check.carriesNone({ host: 'a', 'x-extra': '1' })).toBe(false);
  });

  it('works with fewer names than it has sites, and with none', () => {
    expect(new KeyHeaderCheck(['traceparent']).carriesNone({ baggage: 'k=v' })).toBe(true);
    expect(new KeyHeaderCheck(['traceparent']).carriesNone({ traceparent: 'x' })).toBe(false);
    expect(new KeyHeaderCheck([]).carriesNone({ traceparent: 'x' })).toBe(true);
  });

  it('answers false for a carrier it cannot read, so the careful path runs', () => {
    const throwing = new Proxy({}, { get: () => { throw new Error('no'); } });
    expect(new KeyHeaderCheck(NAMES).carriesNone(throwing)).toBe(false);
  });
});
