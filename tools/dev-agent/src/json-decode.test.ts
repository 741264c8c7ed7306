import { describe, expect, it } from 'vitest';
import { decodeJson } from './json-decode.js';
import { pathKey } from './wire-facts.js';

describe('decodeJson', () => {
  it('keeps integers beyond 2^53 exact as bigints and objects as Maps', () => {
    const { value } = decodeJson('[{"id":18446744073709551615,"small":-5,"s":"1e3 [not] a number","n":null}]');
    expect(value).toEqual([new Map<string, unknown>([['id', 18446744073709551615n], ['small', -5], ['s', '1e3 [not] a number'], ['n', null]])]);
  });

  it('records float literals, even integral ones, by path', () => {
    const { value, facts } = decodeJson('{"a":1.0,"b":[2,3e2],"c":4}');
    expect(value).toEqual(new Map<string, unknown>([['a', 1], ['b', [2, 300]], ['c', 4]]));
    expect([...facts.floatPaths].sort()).toEqual([pathKey(['a']), pathKey(['b', 1])].sort());
  });

  it('flags strings holding lone surrogates', () => {
    const { facts } = decodeJson('{"ok":"\\ud83d\\ude00","bad":"\\ud800x"}');
    expect(facts.invalidStrings).toEqual([['bad']]);
  });

  it('throws a readable error on invalid JSON', () => {
    expect(() => decodeJson('[1, 2')).toThrow(/^invalid JSON/);
    expect(() => decodeJson('[01]')).toThrow(/^invalid JSON/);
  });
});
