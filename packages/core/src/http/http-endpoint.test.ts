import { describe, expect, it } from 'vitest';
import { httpEndpoint, MAX_ENDPOINT_SEGMENTS, normalizeEndpointSegment, pathOfUrl } from './http-endpoint.js';

describe('normalizeEndpointSegment', () => {
  it.each([
    // {param:int}: two digits or more, no leading zero
    ['10', '{param:int}'],
    ['12345', '{param:int}'],
    ['18446744073709551616', '{param:int}'], // 20 digits: int comes before the long-string rule
    ['7', '7'],
    ['0', '0'],
    ['01', '01'],
    // {param:int_id}: 3+ of digits . _ -, one a digit
    ['007', '{param:int_id}'],
    ['0123', '{param:int_id}'],
    ['123-456', '{param:int_id}'],
    ['123_456', '{param:int_id}'],
    ['1.2', '{param:int_id}'],
    ['2024-01-31', '{param:int_id}'],
    ['-1-', '{param:int_id}'],
    ['1-', '1-'],
    ['---', '---'],
    ['...', '...'],
    // {param:hex}: 6+ hex digits, one a decimal digit
    ['a1b2c3', '{param:hex}'],
    ['ABCDEF123456', '{param:hex}'],
    ['deadbeef1234', '{param:hex}'],
    ['a1b2c', 'a1b2c'],
    ['facade', 'facade'],
    ['abcdef', 'abcdef'],
    // {param:hex_id}: 6+ of hex digits . _ -, one a decimal digit
    ['a1b2c3-d4e5f6', '{param:hex_id}'],
    ['abc123_def456', '{param:hex_id}'],
    ['abc123.def456', '{param:hex_id}'],
    ['550e8400-e29b-41d4-a716-446655440000', '{param:hex_id}'],
    ['a-1-b', 'a-1-b'],
    ['dead-beef', 'dead-beef'],
    // {param:str}: 20 characters or more, or one of %&'()*+,:=@
    ['this_is_a_very_long_filename_indeed', '{param:str}'],
    ['abcdefghijklmnopqrst', '{param:str}'],
    ['abcdefghijklmnopqrs', 'abcdefghijklmnopqrs'],
    ['hello%20world', '{param:str}'],
    ['caf%C3%A9', '{param:str}'],
    ['foo%2Fbar', '{param:str}'],
    ['status=active&type=premium', '{param:str}'],
    ['test@example', '{param:str}'],
    ["o'brien", '{param:str}'],
    ['(x)', '{param:str}'],
    ['*', '{param:str}'],
    ['a+b', '{param:str}'],
    ['a,b', '{param:str}'],
    ['urn:x', '{param:str}'],
    // kept as is
    ['users', 'users'],
    ['v1', 'v1'],
    ['v2.1', 'v2.1'],
    ['café', 'café'],
    ['a#b', 'a#b'],
    ['a;b', 'a;b'],
    ['~me', '~me'],
    ['１２３', '１２３'], // full-width digits are not ASCII digits
  ])('%j → %j', (segment, expected) => {
    expect(normalizeEndpointSegment(segment)).toBe(expected);
  });

  it('counts length in UTF-16 code units, as dd-trace-js does', () => {
    expect(normalizeEndpointSegment('😀'.repeat(9))).toBe('😀'.repeat(9)); // 18 units
    expect(normalizeEndpointSegment('😀'.repeat(10))).toBe('{param:str}'); // 20 units
  });

  it('follows the line-terminator corner cases of the regular expressions it mirrors', () => {
    // 20 characters, but a line ends within them.
    expect(normalizeEndpointSegment('abc\ndefghijklmnopqrstuvwxyz')).toBe('abc\ndefghijklmnopqrstuvwxyz');
    expect(normalizeEndpointSegment('abc\u2028defghijklmnopqrs')).toBe('abc\u2028defghijklmnopqrs');
    expect(normalizeEndpointSegment('abcdefghijklmnopqrst\n')).toBe('{param:str}');
    // A mark counts only with no line terminator after it.
    expect(normalizeEndpointSegment('a=b\nc')).toBe('a=b\nc');
    expect(normalizeEndpointSegment('a\rb=c')).toBe('{param:str}');
  });

  it('handles a very long segment in one pass', () => {
    expect(normalizeEndpointSegment('x'.repeat(100_000))).toBe('{param:str}');
    expect(normalizeEndpointSegment('9'.repeat(100_000))).toBe('{param:int}');
    expect(normalizeEndpointSegment('f'.repeat(99_999) + '1')).toBe('{param:hex}');
  });
});

/**
 * The rules as dd-trace-js states them (url.js), transcribed as regular expressions, to check
 * the one-pass classifier against them on many generated segments.
 */
const RULES: ReadonlyArray<[RegExp, string]> = [
  [/^[1-9][0-9]+$/, '{param:int}'],
  [/^(?=.*[0-9])[0-9._-]{3,}$/, '{param:int_id}'],
  [/^(?=.*[0-9])[0-9a-fA-F]{6,}$/, '{param:hex}'],
  [/^(?=.*[0-9])[0-9a-fA-F._-]{6,}$/, '{param:hex_id}'],
  [/^.{20,}|[%&'()*+,:=@].*$/, '{param:str}'],
];

function byRules(segment: string): string {
  return RULES.find(([pattern]) => pattern.test(segment))?.[1] ?? segment;
}

describe('normalizeEndpointSegment against the rules', () => {
  it('agrees on 20,000 generated segments', () => {
    const alphabet = ['0', '1', '9', 'a', 'f', 'A', 'F', 'g', 'z', '-', '.', '_', '%', '=', '@', '~', ' ', '\n', 'é'];
    // A fixed linear congruential generator: the same segments on every run.
    let seed = 12345;
    const next = (): number => (seed = (seed * 1103515245 + 12345) % 2147483648);
    for (let round = 0; round < 20_000; round++) {
      const length = 1 + (next() % 24);
      let segment = '';
      for (let index = 0; index < length; index++) segment += alphabet[next() % alphabet.length];
      expect(normalizeEndpointSegment(segment), JSON.stringify(segment)).toBe(byRules(segment));
    }
  });
});

describe('pathOfUrl', () => {
  it.each([
    ['/', '/'],
    ['/users/42', '/users/42'],
    ['/api/search?q=test&page=2', '/api/search'],
    ['/a?b?c', '/a'],
    ['/a#frag', '/a#frag'],
    ['http://localhost/', '/'],
    ['http://localhost:3000/users/123?sort=asc', '/users/123'],
    ['https://api.example.com/v1/items', '/v1/items'],
    ['http://[::1]:8080/users?id=1', '/users'],
    ['http://host//double', '//double'],
    ['http://localhost', undefined],
    ['https://example.com?foo=bar', undefined],
    ['http:///path', undefined],
    ['HTTP://host/path', undefined], // the scheme must be lower case
    ['*', undefined],
    ['users/42', undefined],
    ['//host/path', '//host/path'],
    ['/a?b\nc', undefined], // a line break in the query makes the URL unreadable
    ['/a\nb?c', '/a\nb'],
  ])('%j → %j', (url, expected) => {
    expect(pathOfUrl(url)).toBe(expected);
  });
});

describe('httpEndpoint', () => {
  it.each([
    // empty, root, no path
    ['', '/'],
    ['/', '/'],
    ['//', '/'],
    ['///', '/'],
    ['http://localhost', '/'],
    ['http://localhost/', '/'],
    ['https://example.com?foo=bar', '/'],
    ['*', '/'],
    ['not a url', '/'],
    // dd-trace-js's own examples
    ['/v1/users/12345/posts/67890', '/v1/users/{param:int}/posts/{param:int}'],
    ['/files/a1b2c3d4e5f6/download', '/files/{param:hex}/download'],
    ['/search/hello%20world', '/search/{param:str}'],
    ['/api/query/status=active&type=premium', '/api/query/{param:str}'],
    ['/tier/3/access', '/tier/3/access'],
    ['/users//123///posts', '/users/{param:int}/posts'],
    ['///api///v1///users', '/api/v1/users'],
    // query stripped, trailing slash dropped
    ['/users/123?sort=asc&limit=10', '/users/{param:int}'],
    ['/users/123/', '/users/{param:int}'],
    ['/users/?page=2', '/users'],
    ['/?x=1', '/'],
    // full URLs, as the span's http.url
    ['http://localhost:3000/users/123', '/users/{param:int}'],
    ['http://api.local:3000/orders/550e8400-e29b-41d4-a716-446655440000/items?token=<redacted>', '/orders/{param:hex_id}/items'],
    ['https://[::1]/v2/products', '/v2/products'],
    // percent-encoded segments are not decoded
    ['/caf%C3%A9/menu', '/{param:str}/menu'],
    ['/%2e%2e/etc', '/{param:str}/etc'],
    ['/users/%34%32', '/users/{param:str}'],
    // a query broken by a line break: the URL is unreadable
    ['/users/42?a\nb', '/'],
  ])('%j → %j', (url, expected) => {
    expect(httpEndpoint(url)).toBe(expected);
  });

  it(`keeps the first ${MAX_ENDPOINT_SEGMENTS} non-empty segments`, () => {
    expect(httpEndpoint('/a/b/c/d/e/f/g/h/i/j/k')).toBe('/a/b/c/d/e/f/g/h');
    expect(httpEndpoint('/a/b/c/d/e/f/g/h')).toBe('/a/b/c/d/e/f/g/h');
    expect(httpEndpoint('//a//b//c//d//e//f//g//h//i')).toBe('/a/b/c/d/e/f/g/h');
    expect(httpEndpoint('/1/22/333/4444/55555/666666/7777777/88888888/999999999')).toBe(
      '/1/{param:int}/{param:int}/{param:int}/{param:int}/{param:int}/{param:int}/{param:int}',
    );
  });

  it('handles many segments and very long segments', () => {
    expect(httpEndpoint('/x'.repeat(100_000))).toBe('/x/x/x/x/x/x/x/x');
    expect(httpEndpoint('/'.repeat(100_000) + 'end')).toBe('/end');
    expect(httpEndpoint(`/files/${'n'.repeat(50_000)}/raw`)).toBe('/files/{param:str}/raw');
    expect(httpEndpoint(`/q?${'x'.repeat(100_000)}`)).toBe('/q');
  });
});
