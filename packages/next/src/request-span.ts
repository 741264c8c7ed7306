import { SpanStatusCode } from '@opentelemetry/api';
import type { Attributes } from '@opentelemetry/api';
import { semconvMethodAttributes } from './http-method.js';
import type { MappingSettings } from './mapping-settings.js';
import { normalizeRoute, requestResource, requestRoute, STATIC_ASSETS_ROUTE } from './route-resource.js';
import type { RecordedRequestError } from './shared-state.js';
import { statusCodeAttribute, stringAttribute } from './span-view.js';
import type { WritableSpanView } from './span-view.js';
import { splitTarget } from './url-parts.js';

/** What `onRequestError` left for the request span, if anything. */
export interface RequestFacts {
  /** The error `onRequestError` recorded on the span. */
  recorded: RecordedRequestError | undefined;
  /** `routePath` given to `onRequestError`. */
  errorRoutePath: string | undefined;
  /** `next.route` of the page Next resolved for the request (a child span's). */
  pageRoute: string | undefined;
}

/**
 * Rewrites Next's `BaseServer.handleRequest` span, just before it ends, into Datadog's request
 * span: operation `next.request` (or `web.request`), resource `GET /blog/[slug]` (never the raw
 * URL), type `web`, component `next`, Datadog HTTP tags (`http.status_code` as a string) and OTel
 * semconv (`http.request.method`, `http.response.status_code`, `url.path`, `url.query`).
 */
export function mapRequestSpan(span: WritableSpanView, settings: MappingSettings, facts: RequestFacts): void {
  const attributes = span.attributes;
  const method = (stringAttribute(attributes, 'http.method') ?? 'GET').toUpperCase();
  const target = stringAttribute(attributes, 'http.target');
  const parts = target === undefined ? undefined : splitTarget(target, settings.queryObfuscation);
  const nextRoute =
    stringAttribute(attributes, 'next.route') ?? stringAttribute(attributes, 'http.route') ?? facts.errorRoutePath;
  // A page route alone (404 → `/_not-found`) names the resource but is not a matched `http.route`.
  const route = requestRoute(nextRoute ?? facts.pageRoute, parts?.path);
  const mapped: Attributes = {
    'operation.name': settings.operationName,
    'resource.name': requestResource(method, route),
    'span.type': 'web',
    component: 'next',
    'http.method': method,
    ...semconvMethodAttributes(method),
  };
  if (nextRoute !== undefined) mapped['http.route'] = normalizeRoute(nextRoute);
  // A request no route matched (a 404, even one named after Next's not-found page): grouped by
  // its normalised path, as dd-trace-js's web.js does for routeless requests. Build output is
  // already grouped under its static route.
  else if (settings.endpointOf !== undefined && route !== STATIC_ASSETS_ROUTE && attributes['http.endpoint'] === undefined) {
    mapped['http.endpoint'] = settings.endpointOf(parts?.path ?? '/');
  }
  if (route !== undefined && route !== STATIC_ASSETS_ROUTE) mapped['next.page'] = route;
  if (parts !== undefined) {
    mapped['url.path'] = parts.path;
    if (parts.query !== undefined) mapped['url.query'] = parts.query;
    // The raw target may carry secrets in its query: keep it only in its obfuscated form.
    mapped['http.target'] = parts.query === undefined ? parts.path : `${parts.path}?${parts.query}`;
  }
  const status = statusCodeAttribute(attributes, 'http.status_code');
  if (status !== undefined) {
    mapped['http.status_code'] = String(status);
    mapped['http.response.status_code'] = status;
  }
  span.setAttributes(mapped);
  applyErrorPolicy(span, settings, status, facts.recorded);
}

/**
 * dd-trace-js's policy: the request is an error when its status is a server error
 * (`DD_TRACE_HTTP_SERVER_ERROR_STATUSES`, default 5xx) or an exception escaped to Next
 * (`onRequestError`). The recorded exception wins over the `error.type: "500"` Next sets for 5xx.
 */
function applyErrorPolicy(
  span: WritableSpanView,
  settings: MappingSettings,
  status: number | undefined,
  recorded: RecordedRequestError | undefined,
): void {
  if (recorded !== undefined) {
    const errorAttributes: Attributes = { 'error.type': recorded.type };
    if (recorded.message !== undefined) errorAttributes['error.message'] = recorded.message;
    if (recorded.stack !== undefined) errorAttributes['error.stack'] = recorded.stack;
    span.setAttributes(errorAttributes);
    span.setStatus({ code: SpanStatusCode.ERROR, message: recorded.message });
    return;
  }
  if (status === undefined || !settings.isServerErrorStatus(status)) return;
  span.setStatus({ code: SpanStatusCode.ERROR });
  if (stringAttribute(span.attributes, 'error.type') === undefined) span.setAttribute('error.type', String(status));
}
