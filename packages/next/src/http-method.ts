import type { Attributes } from '@opentelemetry/api';

/** Methods OTel semconv names as-is; anything else is `_OTHER` (with the original kept). */
const KNOWN_METHODS = new Set(['CONNECT', 'DELETE', 'GET', 'HEAD', 'OPTIONS', 'PATCH', 'POST', 'PUT', 'TRACE', 'QUERY']);

/** `http.request.method` (+ `http.request.method_original` for unknown verbs), OTel semconv. */
export function semconvMethodAttributes(method: string): Attributes {
  const upper = method.toUpperCase();
  return KNOWN_METHODS.has(upper)
    ? { 'http.request.method': upper }
    : { 'http.request.method': '_OTHER', 'http.request.method_original': method };
}
