import { describe, expect, it } from 'vitest';
import { extractClientIp } from './client-ip.js';

const peer = { remoteAddress: '192.168.1.9' };

describe('extractClientIp', () => {
  it('prefers the first public address across the proxy headers', () => {
    expect(extractClientIp({ headers: { 'x-forwarded-for': '10.0.0.1, 198.51.100.4' }, socket: peer })).toBe('198.51.100.4');
    expect(extractClientIp({ headers: { 'x-forwarded-for': '10.0.0.1', 'x-real-ip': '198.51.100.5' }, socket: peer })).toBe('198.51.100.5');
  });

  it('reads the Forwarded header', () => {
    expect(extractClientIp({ headers: { forwarded: 'for="[2001:db8::7]:4711";proto=https, for=10.0.0.1' } })).toBe('2001:db8::7');
    expect(extractClientIp({ headers: { forwarded: 'for=198.51.100.9:1234' } })).toBe('198.51.100.9');
  });

  it("reads a Forwarded element's by= proxy after its for= client, as dd-trace-js does", () => {
    expect(extractClientIp({ headers: { forwarded: 'for=unknown;by=198.51.100.3' } })).toBe('198.51.100.3');
    expect(extractClientIp({ headers: { forwarded: 'by=198.51.100.3;for=198.51.100.4' } })).toBe('198.51.100.4');
    expect(extractClientIp({ headers: { forwarded: 'for=10.0.0.7;by=10.0.0.8, for=_hidden;by=198.51.100.5' } })).toBe('198.51.100.5');
  });

  it('counts site-local IPv6 (fec0::/10) as private, as dd-trace-js does', () => {
    expect(extractClientIp({ headers: { 'x-forwarded-for': 'fec0::1, 2001:db8::9' } })).toBe('2001:db8::9');
    expect(extractClientIp({ headers: { 'x-forwarded-for': 'fec0::1', 'x-real-ip': '2001:db8::9' } })).toBe('2001:db8::9');
  });

  it('falls back to the first private address, then the socket peer', () => {
    expect(extractClientIp({ headers: { 'x-forwarded-for': 'unknown, 10.0.0.2, 127.0.0.1' }, socket: peer })).toBe('10.0.0.2');
    expect(extractClientIp({ headers: {}, socket: peer })).toBe('192.168.1.9');
    expect(extractClientIp({ headers: {} })).toBeUndefined();
  });

  describe('with a configured header (DD_TRACE_CLIENT_IP_HEADER, clientIpHeader)', () => {
    const proxied = { 'x-forwarded-for': '198.51.100.1', 'x-real-ip': '198.51.100.2' };

    it('reads that header only: its first public address, else its first private one', () => {
      const headers = { ...proxied, 'x-client-address': 'unknown, 10.0.0.3, 203.0.113.8, 203.0.113.9' };
      expect(extractClientIp({ headers, socket: peer }, headers, 'x-client-address')).toBe('203.0.113.8');
      const privateOnly = { ...proxied, 'x-client-address': '10.0.0.3, 127.0.0.1' };
      expect(extractClientIp({ headers: privateOnly, socket: peer }, privateOnly, 'x-client-address')).toBe('10.0.0.3');
    });

    it('gives no address when the header is absent or holds none: no other header, no socket peer', () => {
      expect(extractClientIp({ headers: proxied, socket: peer }, proxied, 'x-client-address')).toBeUndefined();
      const garbage = { ...proxied, 'x-client-address': 'unknown, 203.0.113.8:443' };
      expect(extractClientIp({ headers: garbage, socket: peer }, garbage, 'x-client-address')).toBeUndefined();
    });

    it('reads even `forwarded` as a plain address list, as dd-trace-js does', () => {
      const headers = { forwarded: 'for=198.51.100.9', 'x-forwarded-for': '198.51.100.1' };
      expect(extractClientIp({ headers }, headers, 'forwarded')).toBeUndefined();
      const plain = { forwarded: '198.51.100.9' };
      expect(extractClientIp({ headers: plain }, plain, 'forwarded')).toBe('198.51.100.9');
    });

    it('joins repeated values', () => {
      const headers = { 'x-client-address': ['10.0.0.3', '2001:db8::9'] };
      expect(extractClientIp({ headers }, headers, 'x-client-address')).toBe('2001:db8::9');
    });
  });
});
