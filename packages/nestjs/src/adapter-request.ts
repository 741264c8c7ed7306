import type { HttpRequestLike } from '@dd-otel/core';

/**
 * Where the Fastify request is kept on its raw Node request. Nest middleware on Fastify sees only
 * the raw request; the route template lives on the Fastify one.
 */
const FASTIFY_REQUEST = Symbol.for('@dd-otel/nestjs.fastify-request');

/** What is read from the request Nest hands to guards, interceptors and filters. */
interface AdapterRequest {
  /** Fastify: the Node request. */
  raw?: unknown;
  /** Fastify: the matched route's options; `url` is the template with prefixes. */
  routeOptions?: { url?: unknown };
  /** Express: the matched route; `path` is the full template as Nest registered it. */
  route?: { path?: unknown };
}

type LinkedRequest = HttpRequestLike & { [FASTIFY_REQUEST]?: AdapterRequest };

/** Fastify `onRequest` hook body: lets the raw request lead back to the Fastify request. */
export function linkFastifyRequest(request: AdapterRequest): void {
  const raw = request.raw;
  if (typeof raw === 'object' && raw !== null) (raw as LinkedRequest)[FASTIFY_REQUEST] = request;
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

/**
 * The route template of a Node request at the end of the request: Express keeps the matched
 * route on the request; on Fastify, the request linked by `linkFastifyRequest` knows it.
 */
export function routeTemplateOfNodeRequest(req: HttpRequestLike): string | undefined {
  const linked = (req as LinkedRequest)[FASTIFY_REQUEST];
  return routeTemplateOf(linked ?? req);
}
