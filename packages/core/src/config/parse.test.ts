import { describe, expect, it } from 'vitest';
import {
  checkNumber,
  parseBoolean,
  parseDatadogTags,
  parseList,
  parseNumber,
  parseResourceAttributes,
  quoteForMessage,
  snakeToCamel,
} from './parse.js';

describe('parseBoolean', () => {
  it.each([
    ['true', true],
    ['TRUE', true],
    [' True ', true],
    ['1', true],
    ['false', false],
    ['False', false],
    ['0', false],
  ])('reads %j as %s', (raw, expected) => {
    expect(parseBoolean(raw)).toEqual({ ok: true, value: expected });
  });

  it.each(['yes', 'no', 'on', '2', '', 'truthy'])('rejects %j', (raw) => {
    expect(parseBoolean(raw).ok).toBe(false);
  });
});

describe('parseNumber', () => {
  it('reads decimals and integers', () => {
    expect(parseNumber(' 0.25 ')).toEqual({ ok: true, value: 0.25 });
    expect(parseNumber('8126', { integer: true, min: 1, max: 65535 })).toEqual({ ok: true, value: 8126 });
  });

  it.each(['', '  ', 'abc', '12abc', 'NaN', 'Infinity', '-Infinity'])('rejects %j', (raw) => {
    expect(parseNumber(raw).ok).toBe(false);
  });

  it('enforces integer and range rules, describing them', () => {
    expect(parseNumber('1.5', { integer: true })).toEqual({ ok: false, reason: 'expected an integer' });
    expect(parseNumber('0', { integer: true, min: 1, max: 65535 })).toEqual({
      ok: false,
      reason: 'expected an integer between 1 and 65535',
    });
    expect(parseNumber('-1', { min: 0 })).toEqual({ ok: false, reason: 'expected a number >= 0' });
    expect(parseNumber('2', { max: 1 })).toEqual({ ok: false, reason: 'expected a number <= 1' });
  });
});

describe('checkNumber', () => {
  it('rejects non-numbers', () => {
    expect(checkNumber('1', {}).ok).toBe(false);
    expect(checkNumber(Number.NaN, {}).ok).toBe(false);
    expect(checkNumber(3, {}).ok).toBe(true);
  });
});

describe('parseList', () => {
  it('trims and drops empty entries', () => {
    expect(parseList(' a, b ,,c ,')).toEqual(['a', 'b', 'c']);
    expect(parseList('')).toEqual([]);
  });
});

describe('parseDatadogTags', () => {
  it('reads comma-separated key:value pairs, values may contain colons', () => {
    expect(parseDatadogTags('team:core, url:http://x:1 ,empty:')).toEqual({
      entries: { team: 'core', url: 'http://x:1', empty: '' },
      malformed: [],
    });
  });

  it('reads space-separated pairs when there is no comma', () => {
    expect(parseDatadogTags('team:core  region:eu')).toEqual({
      entries: { team: 'core', region: 'eu' },
      malformed: [],
    });
  });

  it('reports entries without a key', () => {
    expect(parseDatadogTags('good:1,novalue,:x')).toEqual({ entries: { good: '1' }, malformed: ['novalue', ':x'] });
  });
});

describe('parseResourceAttributes', () => {
  it('reads key=value pairs and percent-decodes values', () => {
    expect(parseResourceAttributes('service.name=shop,team=a%20b,eq=x=y')).toEqual({
      entries: { 'service.name': 'shop', team: 'a b', eq: 'x=y' },
      malformed: [],
    });
  });

  it('keeps a value that does not decode, and reports malformed entries', () => {
    expect(parseResourceAttributes('bad=%E0%A4%A,oops')).toEqual({
      entries: { bad: '%E0%A4%A' },
      malformed: ['oops'],
    });
  });
});

describe('snakeToCamel', () => {
  it('converts snake_case keys', () => {
    expect(snakeToCamel('max_per_second')).toBe('maxPerSecond');
    expect(snakeToCamel('sample_rate')).toBe('sampleRate');
    expect(snakeToCamel('service')).toBe('service');
  });
});

describe('quoteForMessage', () => {
  it('quotes strings and cuts long values', () => {
    expect(quoteForMessage('x')).toBe('"x"');
    expect(quoteForMessage('y'.repeat(500))).toHaveLength(120);
    expect(quoteForMessage([1])).toBe('an array');
    expect(quoteForMessage(null)).toBe('null');
    expect(quoteForMessage(/a/g)).toBe('/a/g');
  });
});
