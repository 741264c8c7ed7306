import { describe, expect, it } from 'vitest';
import { normalizeRoute, requestResource, requestRoute, STATIC_ASSETS_ROUTE } from './route-resource.js';

describe('normalizeRoute', () => {
  it.each([
    ['/blog/[slug]', '/blog/[slug]'],
    ['/blog/[slug]/page', '/blog/[slug]'],
    ['/api/users/[id]/route', '/api/users/[id]'],
    ['/index', '/'],
    ['/page', '/'],
    ['/', '/'],
    ['blog/[slug]', '/blog/[slug]'],
    ['/docs/[...path]', '/docs/[...path]'],
  ])('%s → %s', (route, expected) => {
    expect(normalizeRoute(route)).toBe(expected);
  });
});

describe('requestRoute', () => {
  it("uses Next's route when there is one", () => {
    expect(requestRoute('/blog/[slug]', '/blog/hello')).toBe('/blog/[slug]');
  });

  it('groups build output under one route', () => {
    expect(requestRoute(undefined, '/_next/static/chunks/0a1b2c.js')).toBe(STATIC_ASSETS_ROUTE);
  });

  it('never falls back to the raw path', () => {
    expect(requestRoute(undefined, '/users/12345')).toBeUndefined();
  });
});

describe('requestResource', () => {
  it('is method and route, or the method alone', () => {
    expect(requestResource('GET', '/blog/[slug]')).toBe('GET /blog/[slug]');
    expect(requestResource('POST', undefined)).toBe('POST');
  });
});
