import { describe, expect, it } from 'vitest';
import { compileIgnoreRules } from './ignore-rules.js';
import { obfuscateQuery, resolveQueryObfuscation } from './query-string.js';

describe('compileIgnoreRules', () => {
  it('matches exact paths, RegExps (even global ones) and predicates', () => {
    const matcher = compileIgnoreRules<{ id: number }>(['/health', /^\/static\//g, (path, req) => path === '/p' && req.id === 1]);
    expect(matcher!('/health', { id: 0 })).toBe(true);
    expect(matcher!('/health/deep', { id: 0 })).toBe(false);
    // A global RegExp would alternate true/false through lastIndex if used as given.
    expect([1, 2, 3].map(() => matcher!('/static/a.js', { id: 0 }))).toEqual([true, true, true]);
    expect(matcher!('/p', { id: 1 })).toBe(true);
    expect(matcher!('/p', { id: 2 })).toBe(false);
  });

  it('treats a throwing predicate as "trace it"', () => {
    const matcher = compileIgnoreRules<unknown>(() => {
      throw new Error('bug');
    });
    expect(matcher!('/x', {})).toBe(false);
  });

  it('returns no matcher when there is nothing to ignore', () => {
    expect(compileIgnoreRules(undefined)).toBeUndefined();
    expect(compileIgnoreRules([])).toBeUndefined();
  });
});

describe('query obfuscation', () => {
  const configured = /token=[^&]+/gi;

  it('uses the configured pattern unless the plugin option says otherwise', () => {
    expect(resolveQueryObfuscation(undefined, configured)).toBe(configured);
    expect(resolveQueryObfuscation(undefined, undefined)).toBe('keep');
    expect(resolveQueryObfuscation(true, configured)).toBe('drop');
    expect(resolveQueryObfuscation(false, configured)).toBe('keep');
    expect(resolveQueryObfuscation('', configured)).toBe('keep');
    expect(obfuscateQuery('a=1&secret=x', resolveQueryObfuscation('secret=[^&]+', configured))).toBe('a=1&<redacted>');
  });

  it('redacts every match, also with a non-global RegExp option', () => {
    const setting = resolveQueryObfuscation(/id=\d+/, undefined);
    expect(obfuscateQuery('id=1&id=2', setting)).toBe('<redacted>&<redacted>');
    expect(obfuscateQuery('id=3', setting)).toBe('<redacted>');
    expect(obfuscateQuery('x=1', 'drop')).toBeUndefined();
  });
});
