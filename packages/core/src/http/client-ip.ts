import type { BlockList } from 'node:net';
import { nodeNet } from '../internal/node-builtins.js';
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

// Built on the first client IP look-up: node:net is not worth loading at start-up for it.
let privateRanges: BlockList | undefined;

function createPrivateRanges(): BlockList {
  const ranges = new (nodeNet().BlockList)();
  ranges.addSubnet('10.0.0.0', 8, 'ipv4');
  ranges.addSubnet('172.16.0.0', 12, 'ipv4');
  ranges.addSubnet('192.168.0.0', 16, 'ipv4');
  ranges.addSubnet('127.0.0.0', 8, 'ipv4');
  ranges.addSubnet('169.254.0.0', 16, 'ipv4');
  ranges.addSubnet('100.64.0.0', 10, 'ipv4');
  ranges.addAddress('::1', 'ipv6');
  ranges.addSubnet('fec0::', 10, 'ipv6');
  ranges.addSubnet('fe80::', 10, 'ipv6');
  ranges.addSubnet('fc00::', 7, 'ipv6');
  return ranges;
}

function isPrivate(address: string, family: 4 | 6): boolean {
  privateRanges ??= createPrivateRanges();
  return privateRanges.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

/**
 * `for=192.0.2.60;proto=http, for="[2001:db8::1]:4711"` → the addresses in order. Per element,
 * its `for=` address and then its `by=` one (the proxy that received it), as dd-trace-js reads
 * them: an element whose client is hidden (`for=unknown`, `for=_hidden`) still names its proxy.
 */
function forwardedAddresses(value: string): string[] {
  const addresses: string[] = [];
  for (const element of value.split(',')) {
    let client: string | undefined;
    let proxy: string | undefined;
    for (const pair of element.split(';')) {
      const [name, raw] = pair.split('=', 2);
      if (raw === undefined) continue;
      const key = name?.trim().toLowerCase();
      if (key === 'for') client ??= forwardedAddress(raw);
      else if (key === 'by') proxy ??= forwardedAddress(raw);
    }
    if (client !== undefined) addresses.push(client);
    if (proxy !== undefined) addresses.push(proxy);
  }
  return addresses;
}

/** A `Forwarded` node (`"[2001:db8::1]:4711"`, `192.0.2.60:80`) without quotes, brackets and port. */
function forwardedAddress(raw: string): string {
  let address = raw.trim().replace(/^"|"$/g, '');
  if (address.startsWith('[')) address = address.slice(1, address.indexOf(']'));
  else if (address.includes('.') && address.includes(':')) address = address.slice(0, address.indexOf(':'));
  return address;
}

/** The first private address met while looking for a public one, across the headers read. */
interface PrivateFallback {
  firstPrivate: string | undefined;
}

/** The first public address among `candidates`; notes the first private one in `fallback`. */
function firstPublicAddress(candidates: readonly string[], fallback: PrivateFallback): string | undefined {
  const { isIP } = nodeNet();
  for (const candidate of candidates) {
    const address = candidate.trim();
    const family = isIP(address);
    if (family === 0) continue;
    if (!isPrivate(address, family as 4 | 6)) return address;
    fallback.firstPrivate ??= address;
  }
  return undefined;
}

function headerValueText(raw: string | string[]): string {
  return Array.isArray(raw) ? raw.join(',') : String(raw);
}

/**
 * The client's address as dd-trace-js finds it: the first public IP in the proxy headers, else
 * the first private one, else the socket peer. Only computed when `DD_TRACE_CLIENT_IP_ENABLED`.
 *
 * With `clientIpHeader` (lower-cased), only that header is read, as dd-trace-js's
 * `ip_extractor.js` reads it: comma-separated addresses, the first public one, else the first
 * private one. Not the socket peer: the app named the header its own proxy sets, and the others are
 * whatever the client sent. Absent, or holding no address, it gives no client IP. Its entries are
 * not parsed as `Forwarded` elements (`for=…`) even when it is `forwarded`, as in dd-trace-js.
 */
export function extractClientIp(
  req: HttpRequestLike,
  headers: HttpRequestLike['headers'] = req.headers,
  clientIpHeader?: string,
): string | undefined {
  const fallback: PrivateFallback = { firstPrivate: undefined };
  if (clientIpHeader !== undefined) {
    const raw = headers[clientIpHeader];
    if (raw === undefined) return undefined;
    return firstPublicAddress(headerValueText(raw).split(','), fallback) ?? fallback.firstPrivate;
  }
  for (const header of CLIENT_IP_HEADERS) {
    const raw = headers[header];
    if (raw === undefined) continue;
    const text = headerValueText(raw);
    const address = firstPublicAddress(header === 'forwarded' ? forwardedAddresses(text) : text.split(','), fallback);
    if (address !== undefined) return address;
  }
  return fallback.firstPrivate ?? req.socket?.remoteAddress ?? undefined;
}
