import type { FastifyRequest } from 'fastify';
import { describe, expect, it } from 'vitest';
import { isOptedOut, routeOf } from './route-info.js';

const asRequest = (value: object): FastifyRequest => value as FastifyRequest;

describe('routeOf', () => {
  it('reads routeOptions (Fastify >= 4.10)', () => {
    const route = routeOf(asRequest({ routeOptions: { url: '/users/:id', config: { datadog: false } } }));
    expect(route.url).toBe('/users/:id');
    expect(isOptedOut(route)).toBe(true);
  });

  it('falls back to routerPath and context.config on older Fastify 4', () => {
    const route = routeOf(asRequest({ routerPath: '/legacy/:id', context: { config: { datadog: false } } }));
    expect(route).toEqual({ url: '/legacy/:id', config: { datadog: false } });
    expect(isOptedOut(route)).toBe(true);
  });

  it('opts out only on an explicit false', () => {
    for (const config of [undefined, {}, { datadog: true }, { datadog: 0 }, { datadog: 'false' }]) {
      expect(isOptedOut(routeOf(asRequest({ routeOptions: { url: '/', config } })))).toBe(false);
    }
  });
});
