import type { FastifyRequest } from 'fastify';
import { beforeEach, describe, expect, it } from 'vitest';
import { isOptedOut, resetRouteContextKey, routeConfigOf } from './route-info.js';

const asRequest = (value: object): FastifyRequest => value as FastifyRequest;

/** A request as Fastify builds one: the route context under a symbol, `routeOptions` a getter that counts reads. */
function fastifyLikeRequest(key: symbol, config: object | undefined) {
  const request = { [key]: { config }, optionReads: 0 };
  Object.defineProperty(request, 'routeOptions', {
    get() {
      request.optionReads++;
      return { url: (config as { url?: string } | undefined)?.url, config };
    },
    configurable: true,
  });
  return request;
}

describe('routeConfigOf', () => {
  beforeEach(() => resetRouteContextKey());

  it('reads routeOptions.config (Fastify >= 4.10)', () => {
    const config = routeConfigOf(asRequest({ routeOptions: { url: '/users/:id', config: { url: '/users/:id', datadog: false } } }));
    expect(config?.url).toBe('/users/:id');
    expect(isOptedOut(config)).toBe(true);
  });

  it('falls back to routerPath and context.config on older Fastify 4', () => {
    const config = routeConfigOf(asRequest({ routerPath: '/legacy/:id', context: { config: { datadog: false } } }));
    expect(config).toEqual({ url: '/legacy/:id', datadog: false });
    expect(isOptedOut(config)).toBe(true);
  });

  it('reads the route context once a request showed it holds the same config', () => {
    const key = Symbol('fastify.context');
    const first = fastifyLikeRequest(key, { url: '/a/:id' });
    expect(routeConfigOf(asRequest(first))?.url).toBe('/a/:id');
    expect(first.optionReads).toBe(1);
    const second = fastifyLikeRequest(key, { url: '/b', datadog: false });
    const config = routeConfigOf(asRequest(second));
    expect(config?.url).toBe('/b');
    expect(isOptedOut(config)).toBe(true);
    expect(second.optionReads).toBe(0);
  });

  it('keeps using routeOptions when no symbol holds the same config', () => {
    const lookalike = { [Symbol('fastify.context')]: { config: { url: '/a' } }, routeOptions: { config: { url: '/from-options' } } };
    expect(routeConfigOf(asRequest(lookalike))?.url).toBe('/from-options');
    const next = fastifyLikeRequest(Symbol('fastify.context'), { url: '/next' });
    expect(routeConfigOf(asRequest(next))?.url).toBe('/next');
    expect(next.optionReads).toBe(1);
  });

  it('probes again after a request without a config (a 404) and for another Fastify copy', () => {
    const key = Symbol('fastify.context');
    expect(routeConfigOf(asRequest(fastifyLikeRequest(key, undefined)))).toBeUndefined();
    expect(routeConfigOf(asRequest(fastifyLikeRequest(key, { url: '/x' })))?.url).toBe('/x');
    const otherCopy = fastifyLikeRequest(Symbol('fastify.context'), { url: '/other' });
    expect(routeConfigOf(asRequest(otherCopy))?.url).toBe('/other');
    expect(otherCopy.optionReads).toBe(1);
  });

  it('opts out only on an explicit false', () => {
    for (const datadog of [undefined, true, 0, 'false']) {
      expect(isOptedOut(routeConfigOf(asRequest({ routeOptions: { url: '/', config: { url: '/', datadog } } })))).toBe(false);
    }
    expect(isOptedOut(undefined)).toBe(false);
  });
});
