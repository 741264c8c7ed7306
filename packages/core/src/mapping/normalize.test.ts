import { describe, expect, it } from 'vitest';
import { normalizeTagValue } from './normalize-tag-value.js';
import {
  normalizeOperationName,
  normalizeResourceName,
  normalizeServiceName,
  truncateMetaValue,
  truncateString,
  truncateTagKey,
} from './normalize.js';

describe('Agent limits', () => {
  it('applies fallbacks for empty values', () => {
    expect(normalizeServiceName('')).toBe('unnamed-service');
    expect(normalizeOperationName('')).toBe('unnamed_operation');
    expect(normalizeResourceName('', 'op')).toBe('op');
  });

  it('cuts at the limit and appends ... only to tag keys and meta values', () => {
    expect(normalizeServiceName('s'.repeat(101))).toHaveLength(100);
    expect(truncateTagKey('k'.repeat(201))).toBe(`${'k'.repeat(200)}...`);
    expect(truncateMetaValue('v'.repeat(25_001))).toBe(`${'v'.repeat(25_000)}...`);
  });

  it('does not split a surrogate pair', () => {
    expect(truncateString('ab😀', 3)).toBe('ab');
    expect(truncateString('ab😀', 4)).toBe('ab😀');
  });
});

describe('normalizeTagValue (Agent NormalizeTagValue)', () => {
  it.each([
    ['postgresql', 'postgresql'],
    ['PostgreSQL', 'postgresql'],
    ['my_db', 'my_db'],
    ['my__db', 'my_db'],
    ['hello world!', 'hello_world'],
    ['a  b', 'a_b'],
    ['_leading', '_leading'],
    ['trailing!!', 'trailing'],
    ['Ünïcödé', 'ünïcödé'],
    ['ns:key/path-1.2', 'ns:key/path-1.2'],
    ['a\ud800b', 'a_b'],
    ['!!!', ''],
    ['', ''],
  ])('%j → %j', (input, expected) => {
    expect(normalizeTagValue(input)).toBe(expected);
  });

  it('stops after 200 characters', () => {
    expect(normalizeTagValue('A'.repeat(300))).toBe('a'.repeat(200));
  });
});
