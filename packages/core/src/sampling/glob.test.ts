import { describe, expect, it } from 'vitest';
import { compileGlob, isMatchAllPattern } from './glob.js';

describe('compileGlob', () => {
  it.each([
    ['web-*', 'web-api', true],
    ['web-*', 'WEB-API', true],
    ['web-*', 'api-web', false],
    ['w?b', 'web', true],
    ['w?b', 'weeb', false],
    ['*.request', 'express.request', true],
    ['a.b', 'axb', false],
    ['(x)+[y]', '(x)+[y]', true],
    ['GET /users/*', 'get /users/42', true],
    ['', '', true],
    ['', 'x', false],
    ['line*', 'line1\nline2', true],
  ])('%j matches %j: %s', (pattern, subject, expected) => {
    expect(compileGlob(pattern)(subject)).toBe(expected);
  });

  it('match-all patterns match anything, even a missing subject', () => {
    for (const pattern of ['*', '**', '***']) {
      expect(isMatchAllPattern(pattern)).toBe(true);
      expect(compileGlob(pattern)(undefined)).toBe(true);
    }
    expect(compileGlob('a*')(undefined)).toBe(false);
  });
});
