import type { IncomingHttpHeaders } from 'node:http';
import { describe, expect, it } from 'vitest';
import type { HttpRequestLike } from './http-types.js';
import { parseHost, requestStartAttributes } from './request-attributes.js';
import { TEST_ATTRIBUTE_SETTINGS } from './request-attributes.test-support.js';

const SETTINGS = TEST_ATTRIBUTE_SETTINGS;

function requestOf(url: string, headers: IncomingHttpHeaders = { host: 'api.local:3000' }, extra: Partial<HttpRequestLike> = {}): HttpRequestLike {
  return { method: 'GET', url, headers, httpVersion: '1.1', socket: { remoteAddress: '10.0.0.5', remotePort: 51000 }, ...extra };
}

describe('requestStartAttributes', () => {
  it('redacts secrets in the query of http.url and url.query with the default pattern', () => {
    const attributes = requestStartAttributes(requestOf('/login?user=bob&password=hunter2&api_key=k'), SETTINGS);
    expect(attributes['http.url']).toBe('http://api.local:3000/login?user=bob&<redacted>&<redacted>');
    expect(attributes['url.query']).toBe('user=bob&<redacted>&<redacted>');
    expect(attributes['url.path']).toBe('/login');
  });

  it('drops or keeps the query as configured', () => {
    const dropped = requestStartAttributes(requestOf('/a?x=1'), { ...SETTINGS, query: 'drop' });
    expect(dropped['http.url']).toBe('http://api.local:3000/a');
    expect(dropped['url.query']).toBeUndefined();
    const kept = requestStartAttributes(requestOf('/a?token=1'), { ...SETTINGS, query: 'keep' });
    expect(kept['url.query']).toBe('token=1');
  });

  it('gives each request of a sequence its own URL, whether its path, query or host repeats or not', () => {
    const sequence: Array<[string, string, string]> = [
      ['/a', 'api.local:3000', 'http://api.local:3000/a'],
      ['/a', 'api.local:3000', 'http://api.local:3000/a'],
      ['/b', 'api.local:3000', 'http://api.local:3000/b'],
      ['/a?x=1', 'api.local:3000', 'http://api.local:3000/a?x=1'],
      ['/b', 'api.local:3000', 'http://api.local:3000/b'],
      ['/b', 'other.local', 'http://other.local/b'],
      ['/b', 'api.local:3000', 'http://api.local:3000/b'],
      ['?only=query', 'api.local:3000', 'http://api.local:3000?only=query'],
      ['', 'api.local:3000', 'http://api.local:3000'],
      ['/a', 'api.local:3000', 'http://api.local:3000/a'],
    ];
    const seen = sequence.map(([target, host]) => {
      const attributes = requestStartAttributes(requestOf(target, { host }), SETTINGS);
      return [attributes['url.path'], attributes['http.url']];
    });
    expect(seen).toEqual(sequence.map(([target, , url]) => [target.split('?')[0], url]));
  });

  it('uses originalUrl (the URL before a router stripped its mount path)', () => {
    const attributes = requestStartAttributes(requestOf('/42', undefined, { originalUrl: '/users/42' }), SETTINGS);
    expect(attributes['url.path']).toBe('/users/42');
  });

  it('reports unknown methods as _OTHER and keeps the original', () => {
    const attributes = requestStartAttributes(requestOf('/', undefined, { method: 'PURGE' }), SETTINGS);
    expect(attributes).toMatchObject({ 'http.method': 'PURGE', 'http.request.method': '_OTHER', 'http.request.method_original': 'PURGE' });
  });

  it('knows https and falls back to the local address without a Host header', () => {
    const attributes = requestStartAttributes(
      requestOf('/', {}, { socket: { encrypted: true, localAddress: '::1', localPort: 8443 } }),
      SETTINGS,
    );
    expect(attributes).toMatchObject({ 'url.scheme': 'https', 'http.url': 'https://[::1]:8443/', 'server.address': '::1', 'server.port': 8443 });
  });

  it('gives a usual request and one with optional attributes the same keys in the same order', () => {
    const usual = requestStartAttributes(requestOf('/a', { host: 'api.local:3000', 'user-agent': 'curl/8' }), SETTINGS);
    const COMMON = ['operation.name', 'span.type', 'component', 'http.method', 'http.url', 'http.request.method', 'url.scheme', 'url.path'];
    const PEER = ['http.useragent', 'user_agent.original', 'network.protocol.version', 'network.peer.address', 'network.peer.port'];
    expect(Object.keys(usual)).toEqual([...COMMON, 'server.address', 'server.port', ...PEER]);
    expect(usual).toMatchObject({ 'http.url': 'http://api.local:3000/a', 'http.request.method': 'GET', 'network.peer.port': 51000 });
    const unusual = requestStartAttributes(requestOf('/a?x=1', { host: 'api.local:3000', 'user-agent': 'curl/8' }, { method: 'PURGE' }), {
      ...SETTINGS,
      service: 'svc',
    });
    expect(Object.keys(unusual)).toEqual([
      ...COMMON,
      'http.request.method_original',
      'url.query',
      'server.address',
      'server.port',
      ...PEER,
      'service.name',
    ]);
    const bare = requestStartAttributes({ method: 'GET', url: '/', headers: { host: 'h:notaport' } }, SETTINGS);
    expect(Object.keys(bare)).toEqual([...COMMON, 'server.address']);
  });

  it('adds the client IP only when enabled', () => {
    const headers = { host: 'h', 'x-forwarded-for': '10.1.1.1, 203.0.113.7' };
    expect(requestStartAttributes(requestOf('/', headers), SETTINGS)['http.client_ip']).toBeUndefined();
    const attributes = requestStartAttributes(requestOf('/', headers), { ...SETTINGS, clientIpEnabled: true });
    expect(attributes).toMatchObject({ 'http.client_ip': '203.0.113.7', 'client.address': '203.0.113.7' });
  });

  it('reads the client IP from the configured header only, and only when enabled', () => {
    const headers = { host: 'h', 'x-forwarded-for': '203.0.113.7', 'x-client-address': '198.51.100.3' };
    const forced = { ...SETTINGS, clientIpHeader: 'x-client-address' };
    expect(requestStartAttributes(requestOf('/', headers), { ...forced, clientIpEnabled: true })).toMatchObject({
      'http.client_ip': '198.51.100.3',
      'client.address': '198.51.100.3',
    });
    const attributes = requestStartAttributes(requestOf('/', headers), forced);
    expect(Object.keys(attributes).filter((key) => /client/.test(key))).toEqual([]);
  });
});

describe('parseHost', () => {
  it.each([
    ['api.local:3000', 'http', 'api.local', 3000],
    ['api.local', 'https', 'api.local', 443],
    ['[2001:db8::1]:8080', 'http', '2001:db8::1', 8080],
    ['[::1]', 'http', '::1', 80],
    ['h:notaport', 'http', 'h', undefined],
  ])('%s (%s) → %s port %s', (host, scheme, address, port) => {
    expect(parseHost(host, scheme)).toEqual({ address, port });
  });
});
