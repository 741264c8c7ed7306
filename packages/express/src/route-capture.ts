import { getServerRequestState } from '@dd-otel/core';
import type { HttpRequestLike } from '@dd-otel/core';
import { logger } from './diag.js';
import type { ExpressApp, ExpressRoute } from './express-types.js';
import { resolveRouteTemplate } from './route-template.js';

/** Where a route template goes: the request state of `@dd-otel/core`. */
export interface RouteTarget {
  route: string | undefined;
}

/**
 * Per-request slots on the request object. Registered symbols, so the ESM and CJS builds of
 * this package (both may be loaded) read each other's. Added by plain assignment, the same way
 * on every request, so all requests of an app keep sharing one hidden class.
 */
const ROUTE_SLOT = Symbol.for('@dd-otel/express.route');
const TARGET_SLOT = Symbol.for('@dd-otel/express.route-target');
/** Marks the `route` accessor this package put on a request prototype (either build). */
const ACCESSOR_MARK = Symbol.for('@dd-otel/express.route-accessor');

interface ExpressRequestFields {
  route?: ExpressRoute;
  baseUrl?: string;
  url?: string;
  app?: ExpressApp;
  [ROUTE_SLOT]?: unknown;
  [TARGET_SLOT]?: RouteTarget;
}

/**
 * Express assigns `req.route` right when it matched a route, while `req.baseUrl` and `req.url`
 * still say where that route's router is mounted (by the end of the request an error may have
 * unwound them). So that is when the template is computed.
 */
function recordMatch(req: ExpressRequestFields, target: RouteTarget, matched: unknown): void {
  if (matched === undefined || matched === null || typeof matched !== 'object') return;
  try {
    target.route = resolveRouteTemplate({
      route: matched as ExpressRoute,
      baseUrl: typeof req.baseUrl === 'string' ? req.baseUrl : '',
      url: typeof req.url === 'string' ? req.url : '/',
      app: req.app,
    });
  } catch (error) {
    // Never into Express's dispatch.
    logger.error(`could not compute the route template: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function getRoute(this: ExpressRequestFields): unknown {
  return this[ROUTE_SLOT];
}

function setRoute(this: ExpressRequestFields, matched: unknown): void {
  this[ROUTE_SLOT] = matched;
  const target = getServerRequestState(this as unknown as HttpRequestLike);
  if (target !== undefined) recordMatch(this, target, matched);
}
(getRoute as unknown as Record<symbol, boolean>)[ACCESSOR_MARK] = true;

function isOurAccessor(descriptor: PropertyDescriptor | undefined): boolean {
  return (descriptor?.get as unknown as Record<symbol, unknown> | undefined)?.[ACCESSOR_MARK] === true;
}

/**
 * Puts the `route` accessor on an Express app's request prototype (`app.request`, recognised by
 * its own `app` property), once. Only that app's requests inherit it; Node's and Express's
 * shared prototypes are never changed. False when the prototype is not one, or cannot take it.
 */
function installOn(prototype: object): boolean {
  if (!Object.prototype.hasOwnProperty.call(prototype, 'app')) return false;
  const own = Object.getOwnPropertyDescriptor(prototype, 'route');
  if (own !== undefined) return isOurAccessor(own);
  // Something up the chain defines `route` already (another app's prototype with our accessor is fine).
  if ('route' in prototype) {
    let holder: object | null = Object.getPrototypeOf(prototype) as object | null;
    while (holder !== null && !Object.prototype.hasOwnProperty.call(holder, 'route')) holder = Object.getPrototypeOf(holder) as object | null;
    if (holder !== null && !isOurAccessor(Object.getOwnPropertyDescriptor(holder, 'route'))) return false;
  }
  try {
    Object.defineProperty(prototype, 'route', { configurable: true, enumerable: false, get: getRoute, set: setRoute });
    return true;
  } catch {
    return false;
  }
}

/** Request prototypes seen, and whether they carry the accessor. */
const prototypes = new WeakMap<object, boolean>();
/** The prototype of the last request that had the accessor: one comparison for one-app servers. */
let lastReady: object | undefined;

function hasAccessor(prototype: object): boolean {
  if (prototype === lastReady) return true;
  let ready = prototypes.get(prototype);
  if (ready === undefined) {
    ready = installOn(prototype);
    prototypes.set(prototype, ready);
  }
  if (ready) lastReady = prototype;
  return ready;
}

/**
 * The fallback for requests whose prototype cannot take the accessor (not an Express app's
 * request, or an own `route` already): `req.route` becomes an accessor on this request object
 * only. It costs much more (every such request gets a hidden class of its own), hence the
 * prototype accessor. When not even that works, the route is read at the end (`routeOnlyTemplate`).
 */
function captureOnInstance(request: ExpressRequestFields, target: RouteTarget): void {
  const current = Object.getOwnPropertyDescriptor(request, 'route');
  if (current !== undefined && current.configurable !== true) return;
  let route = (current === undefined ? undefined : 'value' in current ? current.value : current.get?.call(request)) as unknown;
  try {
    Object.defineProperty(request, 'route', {
      configurable: true,
      enumerable: true,
      get: () => route,
      set(this: ExpressRequestFields, matched: unknown) {
        route = matched;
        recordMatch(this, target, matched);
      },
    });
  } catch {
    // A frozen or exotic request: the end-of-request fallback applies.
  }
}

/**
 * Records the template of every route Express matches for this request on `target.route`.
 * Reads and writes of `req.route` behave as before. Express itself is not modified: the accessor
 * sits on the app's own request prototype and keeps each request's route in a symbol slot.
 */
export function captureMatchedRoutes(req: object, target: RouteTarget): void {
  const request = req as ExpressRequestFields;
  const prototype = Object.getPrototypeOf(request) as object | null;
  if (prototype !== null && hasAccessor(prototype) && !Object.prototype.hasOwnProperty.call(request, 'route')) return;
  captureOnInstance(request, target);
}
