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

  it('falls back to the first private address, then the socket peer', () => {
    expect(extractClientIp({ headers: { 'x-forwarded-for': 'unknown, 10.0.0.2, 127.0.0.1' }, socket: peer })).toBe('10.0.0.2');
    expect(extractClientIp({ headers: {}, socket: peer })).toBe('192.168.1.9');
    expect(extractClientIp({ headers: {} })).toBeUndefined();
  });
});
