import type { IncomingHttpHeaders } from 'node:http';
import type { Attributes } from '@opentelemetry/api';
import { extractClientIp } from './client-ip.js';
import type { HttpRequestLike, HttpSocketLike } from './http-types.js';
import { obfuscateQuery } from './query-string.js';
import type { QueryObfuscation } from './query-string.js';

/** What `requestStartAttributes` needs besides the request; resolved once per plugin. */
export interface RequestAttributeSettings {
  /** `<framework>.request`. */
  readonly operationName: string;
  readonly framework: string;
  readonly query: QueryObfuscation;
  readonly clientIpEnabled: boolean;
  /** The one header the client IP is read from (lower-cased); undefined reads the usual proxy headers. */
  readonly clientIpHeader: string | undefined;
  readonly service: string | undefined;
}

/** HTTP methods OTel semconv knows; others are reported as `_OTHER`. */
const KNOWN_METHODS = new Set(['CONNECT', 'DELETE', 'GET', 'HEAD', 'OPTIONS', 'PATCH', 'POST', 'PUT', 'TRACE', 'QUERY']);

const DEFAULT_PORTS: Readonly<Record<string, number>> = { http: 80, https: 443 };

/** Splits a Host header (`api.local:3000`, `[::1]:8080`) into address and port. */
export function parseHost(host: string, scheme: string): { address: string; port: number | undefined } {
  let address = host;
  let portText: string | undefined;
  if (host.startsWith('[')) {
    const close = host.indexOf(']');
    address = close === -1 ? host : host.slice(1, close);
    if (close !== -1 && host[close + 1] === ':') portText = host.slice(close + 2);
  } else {
    const colon = host.lastIndexOf(':');
    if (colon !== -1) {
      address = host.slice(0, colon);
      portText = host.slice(colon + 1);
    }
  }
  const port = portText === undefined || portText === '' ? DEFAULT_PORTS[scheme] : Number(portText);
  return { address, port: Number.isInteger(port) && port! > 0 && port! < 65536 ? port : undefined };
}

function localHost(socket: HttpSocketLike | undefined): string {
  const address = socket?.localAddress;
  if (address === undefined) return 'localhost';
  const host = address.includes(':') ? `[${address}]` : address;
  return socket?.localPort === undefined ? host : `${host}:${socket.localPort}`;
}

function headerText(value: string | string[] | undefined): string | undefined {
  if (value === undefined) return undefined;
  return Array.isArray(value) ? value.join(', ') : value;
}

/** What a Host header and scheme give every request that carries them. */
interface Origin {
  readonly host: string;
  readonly scheme: string;
  /** `http://api.local:3000`: `http.url` without path and query. */
  readonly prefix: string;
  readonly address: string;
  readonly port: number | undefined;
  /** The path of the last query-less request on this origin, and its `http.url` (`samePath`). */
  lastPath: string;
  lastUrl: string;
}

/** A server mostly sees one Host header: the last one is parsed once and reused. */
let lastOrigin: Origin | undefined;

function originOf(host: string, scheme: string): Origin {
  const last = lastOrigin;
  if (last !== undefined && last.host === host && last.scheme === scheme) return last;
  const { address, port } = parseHost(host, scheme);
  const prefix = `${scheme}://${host}`;
  return (lastOrigin = { host, scheme, prefix, address, port, lastPath: '', lastUrl: prefix });
}

/**
 * `path`, or the identical string of the last query-less request on `origin` when the two are
 * equal, which also leaves `origin.lastUrl` its `http.url`. V8 builds `prefix + path` as a rope
 * (a cons string), which the encoder can only compare with the previous span's URL through the
 * runtime (~800 instructions a request); a repeated path (a health check, a busy endpoint)
 * hands the encoder the very same strings, compared in one instruction, and skips the join.
 */
function samePath(origin: Origin, path: string): string {
  if (path === origin.lastPath) return origin.lastPath;
  origin.lastPath = path;
  origin.lastUrl = origin.prefix + path;
  return path;
}

/**
 * Set by each `requestStartAttributes` call: its result's entry count when the usual request's
 * literal made every entry a valid attribute (strings and numbers under literal keys), so the
 * span adopts it unchecked; undefined otherwise. Read it right after the call.
 */
export const builtRequestAttributes: { validCount: number | undefined } = { validCount: undefined };

/**
 * The attributes a request span starts with: Datadog's tags (`http.method`, `http.url` with the
 * query obfuscated, `http.useragent`, ...) and the OTel HTTP semconv ones (`http.request.method`,
 * `url.*`, `server.*`, `network.*`, ...), per the table in frameworks.md §6.0. Reads each request
 * field once: Express gives every request a hidden class of its own, so each property read on one
 * is a full look-up (several hundred ns). `headers`: `req.headers`, when the caller has it already.
 */
export function requestStartAttributes(
  req: HttpRequestLike,
  settings: RequestAttributeSettings,
  headers: IncomingHttpHeaders = req.headers,
): Attributes {
  const method = req.method ?? 'GET';
  const target = req.originalUrl ?? req.url ?? '/';
  const socket = req.socket ?? undefined;
  const scheme = socket?.encrypted === true ? 'https' : 'http';
  const hostHeader = headers.host ?? headerText(headers[':authority']);
  const origin = originOf(hostHeader === undefined || hostHeader === '' ? localHost(socket) : hostHeader, scheme);
  const queryAt = target.indexOf('?');
  // Without a `?` there is no query to obfuscate.
  const query = queryAt === -1 ? undefined : obfuscateQuery(target.slice(queryAt + 1), settings.query);
  const path = queryAt === -1 ? samePath(origin, target) : target.slice(0, queryAt);
  const knownMethod = KNOWN_METHODS.has(method);
  let url = origin.lastUrl;
  if (queryAt !== -1) url = query === undefined ? origin.prefix + path : `${origin.prefix}${path}?${query}`;
  const userAgent = headers['user-agent'];
  const httpVersion = req.httpVersion;
  const remoteAddress = socket?.remoteAddress;
  const remotePort = socket?.remotePort;

  // The usual request has every common attribute and no optional one: one object literal (one
  // allocation, one hidden class) instead of an object grown key by key; another one without the
  // user agent, which Node's own clients do not send. Same keys, same order. Their values are
  // checked to be strings and numbers here (a known method is a string), so the span need not
  // check them again.
  const usual =
    knownMethod &&
    query === undefined &&
    typeof path === 'string' &&
    origin.port !== undefined &&
    typeof httpVersion === 'string' &&
    typeof remoteAddress === 'string' &&
    typeof remotePort === 'number';
  let attributes: Attributes;
  let validCount: number | undefined;
  if (usual && typeof userAgent === 'string') {
    validCount = 15;
    attributes = {
      'operation.name': settings.operationName,
      'span.type': 'web',
      component: settings.framework,
      'http.method': method,
      'http.url': url,
      'http.request.method': method,
      'url.scheme': scheme,
      'url.path': path,
      'server.address': origin.address,
      'server.port': origin.port,
      'http.useragent': userAgent,
      'user_agent.original': userAgent,
      'network.protocol.version': httpVersion,
      'network.peer.address': remoteAddress,
      'network.peer.port': remotePort,
    };
  } else if (usual && userAgent === undefined) {
    validCount = 13;
    attributes = {
      'operation.name': settings.operationName,
      'span.type': 'web',
      component: settings.framework,
      'http.method': method,
      'http.url': url,
      'http.request.method': method,
      'url.scheme': scheme,
      'url.path': path,
      'server.address': origin.address,
      'server.port': origin.port,
      'network.protocol.version': httpVersion,
      'network.peer.address': remoteAddress,
      'network.peer.port': remotePort,
    };
  } else {
    validCount = undefined;
    attributes = uncommonRequestAttributes(settings, { method, url, knownMethod, scheme, path, query, origin, userAgent, httpVersion, remoteAddress, remotePort });
  }
  if (settings.clientIpEnabled) {
    const clientIp = extractClientIp(req, headers, settings.clientIpHeader);
    if (clientIp !== undefined) {
      attributes['http.client_ip'] = clientIp;
      attributes['client.address'] = clientIp;
      if (validCount !== undefined) validCount += 2;
    }
  }
  const service = settings.service;
  if (service !== undefined) {
    attributes['service.name'] = service;
    if (validCount !== undefined) validCount = typeof service === 'string' ? validCount + 1 : undefined;
  }
  builtRequestAttributes.validCount = validCount;
  return attributes;
}

/** What `requestStartAttributes` read from a request, for the uncommon case. */
interface RequestFacts {
  readonly method: string;
  readonly url: string;
  readonly knownMethod: boolean;
  readonly scheme: string;
  readonly path: string;
  readonly query: string | undefined;
  readonly origin: Origin;
  readonly userAgent: string | undefined;
  readonly httpVersion: string | undefined;
  readonly remoteAddress: string | undefined;
  readonly remotePort: number | undefined;
}

/** The start attributes of a request that lacks a common attribute or has an optional one. */
function uncommonRequestAttributes(settings: RequestAttributeSettings, facts: RequestFacts): Attributes {
  const { method, url, knownMethod, scheme, path, query, origin, userAgent, httpVersion, remoteAddress, remotePort } = facts;
  const attributes: Attributes = {
    'operation.name': settings.operationName,
    'span.type': 'web',
    component: settings.framework,
    'http.method': method,
    'http.url': url,
    'http.request.method': knownMethod ? method : '_OTHER',
    'url.scheme': scheme,
    'url.path': path,
  };
  if (!knownMethod) attributes['http.request.method_original'] = method;
  if (query !== undefined && query !== '') attributes['url.query'] = query;
  attributes['server.address'] = origin.address;
  if (origin.port !== undefined) attributes['server.port'] = origin.port;
  if (userAgent !== undefined) {
    attributes['http.useragent'] = userAgent;
    attributes['user_agent.original'] = userAgent;
  }
  if (httpVersion !== undefined) attributes['network.protocol.version'] = httpVersion;
  if (remoteAddress !== undefined) attributes['network.peer.address'] = remoteAddress;
  if (remotePort !== undefined) attributes['network.peer.port'] = remotePort;
  return attributes;
}
