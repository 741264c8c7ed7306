import type { Attributes } from '@opentelemetry/api';
import { semconvMethodAttributes } from './http-method.js';
import type { MappingSettings } from './mapping-settings.js';
import { statusCodeAttribute, stringAttribute } from './span-view.js';
import type { WritableSpanView } from './span-view.js';
import { sanitizeUrl } from './url-parts.js';

/** Span types of Next's patched `fetch` (`AppRender.fetch`; `internalFetch` with NEXT_OTEL_VERBOSE). */
const FETCH_SPAN_TYPES = new Set(['AppRender.fetch', 'internalFetch']);

export function isFetchSpanType(spanType: string | undefined): boolean {
  return spanType !== undefined && FETCH_SPAN_TYPES.has(spanType);
}

/**
 * Next's fetch span gets dd-trace-js's HTTP client semantics: operation `http.request`,
 * resource = method, type `http`, component `fetch`, an obfuscated `http.url`, and OTel semconv
 * (`url.full`, `server.address`, `server.port`, `http.request.method`, `http.response.status_code`).
 */
export function mapFetchSpan(span: WritableSpanView, settings: MappingSettings): void {
  const attributes = span.attributes;
  const method = (stringAttribute(attributes, 'http.method') ?? 'GET').toUpperCase();
  const mapped: Attributes = {
    'operation.name': 'http.request',
    'resource.name': method,
    'span.type': 'http',
    component: 'fetch',
    'http.method': method,
    ...semconvMethodAttributes(method),
  };
  const url = stringAttribute(attributes, 'http.url');
  if (url !== undefined) {
    const safeUrl = sanitizeUrl(url, settings.queryObfuscation);
    mapped['http.url'] = safeUrl;
    mapped['url.full'] = safeUrl;
  }
  const host = stringAttribute(attributes, 'net.peer.name');
  if (host !== undefined) {
    mapped['out.host'] = host;
    mapped['server.address'] = host;
  }
  const port = Number(attributes['net.peer.port']);
  if (Number.isInteger(port) && port > 0 && port < 65536) {
    mapped['server.port'] = port;
    mapped['network.destination.port'] = port;
  }
  const status = statusCodeAttribute(attributes, 'http.status_code');
  if (status !== undefined) {
    mapped['http.status_code'] = String(status);
    mapped['http.response.status_code'] = status;
  }
  span.setAttributes(mapped);
}
