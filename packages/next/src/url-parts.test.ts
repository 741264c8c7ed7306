import { describe, expect, it } from 'vitest';
import { obfuscateQuery, sanitizeUrl, splitTarget } from './url-parts.js';

const TOKEN_PATTERN = /token=[^&]+/gi;

describe('splitTarget', () => {
  it('splits path and query and obfuscates the query', () => {
    expect(splitTarget('/users/7?token=abc&page=2', TOKEN_PATTERN)).toEqual({ path: '/users/7', query: '<redacted>&page=2' });
  });

  it('keeps the query when obfuscation is off, and drops it when asked to', () => {
    expect(splitTarget('/a?token=abc', undefined)).toEqual({ path: '/a', query: 'token=abc' });
    expect(splitTarget('/a?token=abc', 'drop')).toEqual({ path: '/a', query: undefined });
  });

  it('reduces absolute targets (proxy requests) to their path and ignores fragments', () => {
    expect(splitTarget('http://example.com:8080/x/y?z=1#top', undefined)).toEqual({ path: '/x/y', query: 'z=1' });
    expect(splitTarget('https://example.com', undefined)).toEqual({ path: '/', query: undefined });
  });

  it('treats an empty query as none', () => {
    expect(splitTarget('/a?', undefined)).toEqual({ path: '/a', query: undefined });
  });
});

describe('obfuscateQuery', () => {
  it('replaces every match, also on repeated calls with a global pattern', () => {
    expect(obfuscateQuery('token=a&token=b', TOKEN_PATTERN)).toBe('<redacted>&<redacted>');
    expect(obfuscateQuery('token=c', TOKEN_PATTERN)).toBe('<redacted>');
  });
});

describe('sanitizeUrl', () => {
  it('removes credentials and obfuscates the query', () => {
    expect(sanitizeUrl('https://user:pw@api.example.com/v1/x?token=abc&q=1#f', TOKEN_PATTERN)).toBe(
      'https://api.example.com/v1/x?<redacted>&q=1',
    );
  });

  it('drops the query entirely in drop mode', () => {
    expect(sanitizeUrl('http://h/p?secret=1', 'drop')).toBe('http://h/p');
  });
});
