import type { FastifyRequest } from 'fastify';

/** The parts of a route's options the plugin reads. */
interface RouteView {
  url?: string | undefined;
  config?: { datadog?: unknown } | undefined;
}

/** Fastify 4 releases before `request.routeOptions` (4.10) kept the same facts here. */
interface LegacyRequest {
  routerPath?: string;
  context?: { config?: { datadog?: unknown } };
}

/**
 * The route a request matched, read once per request. `url` is the template as registered,
 * with every `register` prefix (`/api/users/:id`), and undefined on a 404.
 */
export function routeOf(request: FastifyRequest): RouteView {
  const options = request.routeOptions as RouteView | undefined;
  if (options !== undefined) return options;
  // Only reached on old Fastify 4, where these were not deprecated yet (no warning is printed).
  const legacy = request as unknown as LegacyRequest;
  return { url: legacy.routerPath, config: legacy.context?.config };
}

/** True when the route says `config: { datadog: false }`. */
export function isOptedOut(route: RouteView): boolean {
  return route.config?.datadog === false;
}
