import type { Span } from '@opentelemetry/api';
import { DatadogSpan } from '../span/span.js';

// The attributes a request span gets when it ends, written with literal keys into a dd-otel
// span's attributes. `setAttribute` stores every key through one site, which V8 makes
// megamorphic: with its checks, ~1,500 instructions for a Fastify request's four end attributes
// (callgrind), against a map check per store here. Values are valid by construction (a string,
// a number); anything else, and other providers' spans, go through `setAttribute`. Like it, each
// helper replaces an entry the span already has, and counts only new keys toward the bound.

/** `http.status_code` (text) and `http.response.status_code` (number). */
export function setStatusAttributes(span: Span, text: string, status: number): void {
  if (span instanceof DatadogSpan && typeof status === 'number') {
    const current = span.attributes;
    const added = (current['http.status_code'] === undefined ? 1 : 0) + (current['http.response.status_code'] === undefined ? 1 : 0);
    const attributes = span.attributesForNewEntries(added);
    if (attributes !== undefined) {
      attributes['http.status_code'] = text;
      attributes['http.response.status_code'] = status;
      return;
    }
  }
  span.setAttribute('http.status_code', text);
  span.setAttribute('http.response.status_code', status);
}

/** `http.route`. */
export function setRouteAttribute(span: Span, route: string): void {
  if (span instanceof DatadogSpan && typeof route === 'string') {
    const attributes = span.attributesForNewEntries(span.attributes['http.route'] === undefined ? 1 : 0);
    if (attributes !== undefined) {
      attributes['http.route'] = route;
      return;
    }
  }
  span.setAttribute('http.route', route);
}

/** `resource.name`. */
export function setResourceAttribute(span: Span, resource: string): void {
  if (span instanceof DatadogSpan && typeof resource === 'string') {
    const attributes = span.attributesForNewEntries(span.attributes['resource.name'] === undefined ? 1 : 0);
    if (attributes !== undefined) {
      attributes['resource.name'] = resource;
      return;
    }
  }
  span.setAttribute('resource.name', resource);
}
