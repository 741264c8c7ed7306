/** Resource of requests for Next's build output (hashed JS/CSS chunks, media). */
export const STATIC_ASSETS_ROUTE = '/_next/static/*';

/**
 * Normalises a Next route for resources: App Router file suffixes (`/page`, `/route`) that some
 * Next versions leave in `next.route` are dropped and `/index` becomes `/`, so the same route
 * always yields the same resource (as dd-trace-js does for its Next.js plugin).
 */
export function normalizeRoute(route: string): string {
  let normalized = route.replace(/\/(?:page|route)$/, '');
  normalized = normalized.replace(/\/index$/, '');
  if (normalized === '') return '/';
  return normalized.startsWith('/') ? normalized : `/${normalized}`;
}

/**
 * The route to name a request by: Next's route when it knows one, the static-assets group for
 * build output, else nothing (the resource is then the method alone, never the raw path).
 */
export function requestRoute(route: string | undefined, path: string | undefined): string | undefined {
  if (route !== undefined) return normalizeRoute(route);
  if (path !== undefined && path.startsWith('/_next/static/')) return STATIC_ASSETS_ROUTE;
  return undefined;
}

/** `GET /blog/[slug]`, or `GET` when the route is unknown. */
export function requestResource(method: string, route: string | undefined): string {
  return route === undefined ? method : `${method} ${route}`;
}
