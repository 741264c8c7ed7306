import { BlockList, isIP } from 'node:net';
import type { HttpRequestLike } from './http-types.js';

/** dd-trace-js's header order (`ip_extractor.js`): the first public address wins. */
const CLIENT_IP_HEADERS = [
  'x-forwarded-for',
  'x-real-ip',
  'true-client-ip',
  'x-client-ip',
  'forwarded',
  'forwarded-for',
  'x-cluster-client-ip',
  'fastly-client-ip',
  'cf-connecting-ip',
  'cf-connecting-ipv6',
] as const;

const PRIVATE_RANGES = new BlockList();
PRIVATE_RANGES.addSubnet('10.0.0.0', 8, 'ipv4');
PRIVATE_RANGES.addSubnet('172.16.0.0', 12, 'ipv4');
PRIVATE_RANGES.addSubnet('192.168.0.0', 16, 'ipv4');
PRIVATE_RANGES.addSubnet('127.0.0.0', 8, 'ipv4');
PRIVATE_RANGES.addSubnet('169.254.0.0', 16, 'ipv4');
PRIVATE_RANGES.addSubnet('100.64.0.0', 10, 'ipv4');
PRIVATE_RANGES.addAddress('::1', 'ipv6');
PRIVATE_RANGES.addSubnet('fe80::', 10, 'ipv6');
PRIVATE_RANGES.addSubnet('fc00::', 7, 'ipv6');

function isPrivate(address: string, family: 4 | 6): boolean {
  return PRIVATE_RANGES.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

/** `for=192.0.2.60;proto=http, for="[2001:db8::1]:4711"` → the addresses in order. */
function forwardedAddresses(value: string): string[] {
  const addresses: string[] = [];
  for (const element of value.split(',')) {
    for (const pair of element.split(';')) {
      const [name, raw] = pair.split('=', 2);
      if (raw === undefined || name?.trim().toLowerCase() !== 'for') continue;
      let address = raw.trim().replace(/^"|"$/g, '');
      if (address.startsWith('[')) address = address.slice(1, address.indexOf(']'));
      else if (address.includes('.') && address.includes(':')) address = address.slice(0, address.indexOf(':'));
      addresses.push(address);
    }
  }
  return addresses;
}

/**
 * The client's address as dd-trace-js finds it: the first public IP in the proxy headers, else
 * the first private one, else the socket peer. Only computed when `DD_TRACE_CLIENT_IP_ENABLED`.
 */
export function extractClientIp(req: HttpRequestLike): string | undefined {
  let firstPrivate: string | undefined;
  for (const header of CLIENT_IP_HEADERS) {
    const raw = req.headers[header];
    if (raw === undefined) continue;
    const text = Array.isArray(raw) ? raw.join(',') : String(raw);
    const candidates = header === 'forwarded' ? forwardedAddresses(text) : text.split(',');
    for (const candidate of candidates) {
      const address = candidate.trim();
      const family = isIP(address);
      if (family === 0) continue;
      if (!isPrivate(address, family as 4 | 6)) return address;
      firstPrivate ??= address;
    }
  }
  return firstPrivate ?? req.socket?.remoteAddress ?? undefined;
}
