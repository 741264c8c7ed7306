import type { FastifyRequest } from 'fastify';

/**
 * The parts of a route's config the plugin reads. Fastify puts the route's `url` (the template as
 * registered, with every `register` prefix: `/api/users/:id`; undefined on a 404) into the
 * config next to the app's own entries.
 */
export interface RouteConfigView {
  url?: string | undefined;
  datadog?: unknown;
}

/** Fastify 4 releases before `request.routeOptions` (4.10) kept the same facts here. */
interface LegacyRequest {
  routerPath?: string;
  context?: { config?: { datadog?: unknown } };
}

/** The description of Fastify's symbol for a request's route context (`lib/symbols.js`). */
const ROUTE_CONTEXT_DESCRIPTION = 'fastify.context';

/**
 * The symbol under which Fastify keeps the request's route context: undefined until a request
 * has shown it, null when this Fastify does not have it. `request.routeOptions` builds a new
 * 12-field object (reading server settings) on every read, ~260 ns a request here; the route
 * context holds the same config object, so once a request proves they are the same, the
 * context is read instead.
 */
let routeContextKey: symbol | null | undefined;

/** Finds the route-context symbol on a request whose `routeOptions.config` is an object. */
function findRouteContextKey(request: FastifyRequest, config: object): symbol | null {
  for (const key of Object.getOwnPropertySymbols(request)) {
    if (key.description !== ROUTE_CONTEXT_DESCRIPTION) continue;
    const routeContext = (request as unknown as Record<symbol, { config?: unknown } | undefined>)[key];
    if (routeContext?.config === config) return key;
  }
  return null;
}

/**
 * The route's config through the public API; with `probe`, looks for the route context on the
 * way (null once this Fastify proved not to have one: no more probing).
 */
function configFromRouteOptions(request: FastifyRequest, probe: boolean): RouteConfigView | undefined {
  const options = request.routeOptions as { config?: RouteConfigView } | undefined;
  if (options === undefined) {
    // Only reached on old Fastify 4, where these were not deprecated yet (no warning is printed).
    const legacy = request as unknown as LegacyRequest;
    return { url: legacy.routerPath, datadog: legacy.context?.config?.datadog };
  }
  const config = options.config;
  // A request without a config object proves nothing either way: probe again on the next one.
  if (probe && typeof config === 'object' && config !== null) routeContextKey = findRouteContextKey(request, config);
  return config;
}

/** The config of the route a request matched, read once per request (undefined: none known). */
export function routeConfigOf(request: FastifyRequest): RouteConfigView | undefined {
  const key = routeContextKey;
  if (key !== undefined && key !== null) {
    const routeContext = (request as unknown as Record<symbol, { config?: RouteConfigView } | undefined>)[key];
    if (routeContext !== undefined) return routeContext.config;
    // A request of another Fastify copy in the process (its own symbol): probe again.
  }
  return configFromRouteOptions(request, key !== null);
}

/** True when the route says `config: { datadog: false }`. */
export function isOptedOut(config: RouteConfigView | undefined): boolean {
  return config?.datadog === false;
}

/** Whether requests are read through the route context (tests check real Fastify has it). */
export function readsRouteContext(): boolean {
  return typeof routeContextKey === 'symbol';
}

/** Forgets the probed symbol, for tests. */
export function resetRouteContextKey(): void {
  routeContextKey = undefined;
}
