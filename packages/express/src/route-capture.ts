import { logger } from './diag.js';
import type { ExpressApp, ExpressRoute } from './express-types.js';
import { resolveRouteTemplate } from './route-template.js';

interface ExpressRequestFields {
  route?: ExpressRoute;
  baseUrl?: string;
  url?: string;
  app?: ExpressApp;
}

/**
 * Express assigns `req.route` right when it matched a route, while `req.baseUrl` and `req.url`
 * still say where that route's router is mounted (by the end of the request an error may have
 * unwound them). So `req.route` becomes an accessor on this request object only: reads and
 * writes behave as before, and each write also records the route template on the request
 * state. Express itself is not modified, and the request gets no property Express would not add
 * itself. When the property cannot be redefined, the route is read at the end (`routeOnlyTemplate`).
 */
export function captureMatchedRoutes(req: object, state: { route: string | undefined }): void {
  const request = req as ExpressRequestFields;
  const current = Object.getOwnPropertyDescriptor(request, 'route');
  if (current !== undefined && current.configurable !== true) return;
  let route = (current === undefined ? undefined : 'value' in current ? current.value : current.get?.call(request)) as
    | ExpressRoute
    | undefined;
  let matchedAt: string | undefined;
  try {
    Object.defineProperty(request, 'route', {
      configurable: true,
      enumerable: true,
      get: () => route,
      set(this: ExpressRequestFields, matched: ExpressRoute | undefined) {
        const baseUrl = typeof this.baseUrl === 'string' ? this.baseUrl : '';
        // Route.dispatch assigns the route the router has just assigned.
        if (matched === route && baseUrl === matchedAt) return;
        route = matched;
        matchedAt = baseUrl;
        if (matched === undefined || matched === null || typeof matched !== 'object') return;
        try {
          state.route = resolveRouteTemplate({ route: matched, baseUrl, url: typeof this.url === 'string' ? this.url : '/', app: this.app });
        } catch (error) {
          // Never into Express's dispatch.
          logger.error(`could not compute the route template: ${error instanceof Error ? error.message : String(error)}`);
        }
      },
    });
  } catch {
    // A frozen or exotic request: the end-of-request fallback applies.
  }
}
