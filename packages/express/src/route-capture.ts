import type { ExpressApp, ExpressRoute } from './express-types.js';
import type { RouteSnapshot } from './route-template.js';

/**
 * Request → last matched route. Not a property on the request: after Express switched its
 * prototype, every property added to it costs a new hidden class. On `globalThis` under a
 * registered symbol so the ESM and CJS builds share it.
 */
const SNAPSHOTS_KEY = Symbol.for('@dd-otel/express.matched-routes');
type SnapshotsSlot = { [SNAPSHOTS_KEY]?: WeakMap<object, RouteSnapshot> };
const SNAPSHOTS: WeakMap<object, RouteSnapshot> = ((globalThis as SnapshotsSlot)[SNAPSHOTS_KEY] ??= new WeakMap());

interface CapturingRequest {
  baseUrl?: string;
  url?: string;
  app?: ExpressApp;
}

function getRoute(this: CapturingRequest): ExpressRoute | undefined {
  return SNAPSHOTS.get(this)?.route;
}

/**
 * Express assigns `req.route` right when it matched a route, while `req.baseUrl` and `req.url`
 * still describe where that route's router is mounted. By the end of the request they may have
 * been restored (errors unwind through the routers), so they are read here, at that moment.
 */
function setRoute(this: CapturingRequest, route: ExpressRoute | undefined): void {
  if (route === undefined || route === null) {
    SNAPSHOTS.delete(this);
    return;
  }
  const baseUrl = typeof this.baseUrl === 'string' ? this.baseUrl : '';
  const previous = SNAPSHOTS.get(this);
  // Route.dispatch assigns the same route again right after the router did.
  if (previous !== undefined && previous.route === route && previous.baseUrl === baseUrl) return;
  SNAPSHOTS.set(this, { route, baseUrl, url: typeof this.url === 'string' ? this.url : '/', app: this.app });
}

const ROUTE_PROPERTY: PropertyDescriptor = Object.freeze({
  get: getRoute,
  set: setRoute,
  enumerable: true,
  configurable: true,
});

/**
 * Makes `req.route` an accessor on this request object only: reading and writing it behave as
 * before, and each write also records where the route was matched. Express itself is not
 * modified, and the request gets no extra property (Express would add `route` itself when a
 * route matches). Returns false when the property could not be defined (then only the route's
 * own path is known).
 */
export function captureMatchedRoutes(req: object): boolean {
  const request = req as CapturingRequest & { route?: ExpressRoute };
  const current = Object.getOwnPropertyDescriptor(request, 'route');
  if (current?.get === getRoute) return true;
  try {
    const existing = current !== undefined && 'value' in current ? (current.value as ExpressRoute | undefined) : undefined;
    Object.defineProperty(request, 'route', ROUTE_PROPERTY);
    if (existing !== undefined) request.route = existing;
    return true;
  } catch {
    return false;
  }
}

/** The route Express matched last for this request, with where it was mounted. */
export function matchedRouteOf(req: object): RouteSnapshot | undefined {
  const request = req as CapturingRequest & { route?: ExpressRoute };
  const snapshot = SNAPSHOTS.get(request);
  if (snapshot !== undefined) return snapshot;
  // Not captured (another library defined req.route): the route alone, as Express left it.
  const route = request.route;
  return route !== undefined && route !== null && typeof route === 'object'
    ? { route, baseUrl: '', url: request.url ?? '/', app: undefined }
    : undefined;
}
