import { describe, expect, it } from 'vitest';
import { isValidAttributeKey, sanitizeAttributeValue } from '../span/attributes.js';
import type { HttpRequestLike } from './http-types.js';
import { builtRequestAttributes, requestStartAttributes } from './request-attributes.js';
import { TEST_ATTRIBUTE_SETTINGS } from './request-attributes.test-support.js';

// `builtRequestAttributes.validCount` lets a span adopt the attributes unchecked: it must be the
// exact entry count, and only when every entry is valid.

const SETTINGS = TEST_ATTRIBUTE_SETTINGS;

function request(extra: Partial<HttpRequestLike> = {}, headers: Record<string, unknown> = { host: 'api.local:3000', 'user-agent': 'curl/8' }): HttpRequestLike {
  return { method: 'GET', url: '/a', headers: headers as HttpRequestLike['headers'], httpVersion: '1.1', socket: { remoteAddress: '10.0.0.5', remotePort: 51000 }, ...extra };
}

/** The count the careful check would find, or undefined when it would refuse an entry. */
function checkedCount(attributes: Record<string, unknown>): number | undefined {
  let count = 0;
  for (const [key, value] of Object.entries(attributes)) {
    if (!isValidAttributeKey(key) || sanitizeAttributeValue(value) !== value) return undefined;
    count++;
  }
  return count;
}

describe('builtRequestAttributes.validCount', () => {
  it.each([
    ['with a user agent', request(), SETTINGS, 15],
    ['without a user agent', request({}, { host: 'h' }), SETTINGS, 13],
    ['with a client IP', request({}, { host: 'h', 'x-forwarded-for': '203.0.113.9' }), { ...SETTINGS, clientIpEnabled: true }, 15],
    ['with a service', request(), { ...SETTINGS, service: 'svc' }, 16],
    ['with both', request(), { ...SETTINGS, service: 'svc', clientIpEnabled: true }, 18],
  ])('is the exact count of a usual request %s', (_, req, settings, expected) => {
    const attributes = requestStartAttributes(req, settings);
    expect(builtRequestAttributes.validCount).toBe(expected);
    expect(checkedCount(attributes)).toBe(expected);
  });

  it.each([
    ['a query', request({ url: '/a?x=1' })],
    ['an unknown method', request({ method: 'PURGE' })],
    ['no peer address', request({ socket: {} })],
    ['a peer address that is not a string', request({ socket: { remoteAddress: 5 as never, remotePort: 1 } })],
    ['a peer port that is not a number', request({ socket: { remoteAddress: 'a', remotePort: '1' as never } })],
    ['an HTTP version that is not a string', request({ httpVersion: 1.1 as never })],
    ['a user agent that is not a string', request({}, { host: 'h', 'user-agent': ['a', 'b'] })],
    ['a URL that is not a string', request({ url: ['/a'] as never })],
  ])('is undefined for a request with %s: the span checks each entry', (_, req) => {
    requestStartAttributes(request(), SETTINGS);
    requestStartAttributes(req, SETTINGS);
    expect(builtRequestAttributes.validCount).toBeUndefined();
  });

  it('is undefined when the service is not a string', () => {
    requestStartAttributes(request(), { ...SETTINGS, service: 42 as never });
    expect(builtRequestAttributes.validCount).toBeUndefined();
  });
});
