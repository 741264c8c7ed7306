import type { HttpRequestLike, ServerRequestState } from '@dd-otel/core';

/** What is read from the request Nest hands to guards, interceptors and filters. */
interface AdapterRequest {
  /** Fastify: the Node request. */
  raw?: unknown;
  /** Fastify: the matched route's options; `url` is the template with prefixes. */
  routeOptions?: { url?: unknown };
  /** Express: the matched route; `path` is the full template as Nest registered it. */
  route?: { path?: unknown };
}

/**
 * The Node-level request of what Nest hands to guards and interceptors: Fastify's
 * `request.raw`, or Express's request itself (which is the Node request).
 */
export function nodeRequestOf(request: unknown, adapterType: string): HttpRequestLike | undefined {
  if (typeof request !== 'object' || request === null) return undefined;
  if (adapterType === 'fastify') {
    const raw = (request as AdapterRequest).raw;
    return typeof raw === 'object' && raw !== null ? (raw as HttpRequestLike) : undefined;
  }
  return request as HttpRequestLike;
}

/**
 * The route template of an adapter request (`/api/v1/users/:id`), if it matched a route. Nest
 * registers controller routes with their full path, so a template always starts with `/`;
 * what does not is Nest's own not-found catch-all (`*path`, mounted under the global prefix on
 * Express), which is no route of the app.
 */
export function routeTemplateOf(request: unknown): string | undefined {
  if (typeof request !== 'object' || request === null) return undefined;
  const { routeOptions, route } = request as AdapterRequest;
  const template = routeOptions?.url ?? route?.path;
  return typeof template === 'string' && template.startsWith('/') ? template : undefined;
}

/** Gives the request span the route of the adapter request, unless it has one. Never throws. */
export function setRouteFromAdapterRequest(state: ServerRequestState | undefined, request: unknown): void {
  if (state === undefined || state.finished || state.route !== undefined) return;
  try {
    const route = routeTemplateOf(request);
    if (route !== undefined) state.route = route;
  } catch {
    // A request object with throwing getters: the route stays unknown.
  }
}
