import { getServerRequestState } from '@dd-otel/core';
import type { HttpRequestLike } from '@dd-otel/core';
import { logger } from './diag.js';
import type { ExpressApp, ExpressRoute } from './express-types.js';
import { resolveRouteTemplate } from './route-template.js';

/** Where a route template goes: the request state of `@dd-otel/core`. */
export interface RouteTarget {
  route: string | undefined;
}

interface ExpressRequestFields {
  route?: ExpressRoute;
  baseUrl?: string;
  url?: string;
  app?: ExpressApp;
}

/** Marks the `route` accessor this package put on a request prototype (either build). */
const ACCESSOR_MARK = Symbol.for('@dd-otel/express.route-accessor');

/**
 * Each request's `req.route`, for requests whose prototype has the accessor. A WeakMap, not a
 * property: Express gives every request a hidden class of its own (it switches the prototype of
 * each one), so a property added to a request builds yet another hidden class and misses every
 * inline cache, which costs several times more than a WeakMap entry.
 */
const routes = new WeakMap<object, unknown>();

/**
 * Computes the template of the route Express has just matched. This is the moment: `req.baseUrl`,
 * `req.url` and `req.app` still say where the route's router is mounted (by the end of the
 * request an error may have unwound them).
 */
export function recordMatch(req: ExpressRequestFields, target: RouteTarget, matched: unknown): void {
  if (matched === undefined || matched === null || typeof matched !== 'object') return;
  try {
    target.route = resolveRouteTemplate(matched as ExpressRoute, req);
  } catch (error) {
    // Never into Express's dispatch.
    logger.error(`could not compute the route template: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function getRoute(this: ExpressRequestFields): unknown {
  return routes.get(this);
}

function setRoute(this: ExpressRequestFields, matched: unknown): void {
  routes.set(this, matched);
  // The request runs in its span's context; code that lost it leaves the route to the end (middleware.ts).
  const target = getServerRequestState(this as HttpRequestLike);
  if (target !== undefined) recordMatch(this, target, matched);
}
(getRoute as unknown as Record<symbol, boolean>)[ACCESSOR_MARK] = true;

function isOurAccessor(descriptor: PropertyDescriptor | undefined): boolean {
  return (descriptor?.get as unknown as Record<symbol, unknown> | undefined)?.[ACCESSOR_MARK] === true;
}

/** Who defines `route` on the prototype chain from `prototype` up, if anyone. */
function routeHolder(prototype: object): object | undefined {
  for (let holder: object | null = prototype; holder !== null; holder = Object.getPrototypeOf(holder) as object | null) {
    if (Object.prototype.hasOwnProperty.call(holder, 'route')) return holder;
  }
  return undefined;
}

/**
 * Puts the `route` accessor on an Express app's request prototype (`app.request`, recognised by
 * its own `app` property), once. Only that app's requests (and its sub-apps') inherit it; Node's
 * and Express's shared prototypes are never changed. False when the prototype is not one, or
 * something else already defines `route` there.
 */
function installOn(prototype: object): boolean {
  if (!Object.prototype.hasOwnProperty.call(prototype, 'app')) return false;
  const holder = routeHolder(prototype);
  if (holder !== undefined) return isOurAccessor(Object.getOwnPropertyDescriptor(holder, 'route'));
  try {
    Object.defineProperty(prototype, 'route', { configurable: true, enumerable: false, get: getRoute, set: setRoute });
    return true;
  } catch {
    return false;
  }
}

/** Request prototypes seen, and whether their requests inherit the accessor. */
const prototypes = new WeakMap<object, boolean>();
/** The prototype of the last request that had the accessor: one comparison for one-app servers. */
let lastReady: object | undefined;

function hasAccessor(prototype: object): boolean {
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
 * request) or that have an own `route` already (a route matched before the middleware ran):
 * `req.route` becomes an accessor on this request object only, which costs several microseconds
 * per request. When not even that works, the route is read at the end (middleware.ts).
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
 * sits on the app's own request prototype, and the request object gets no new property.
 */
export function captureMatchedRoutes(req: object, target: RouteTarget): void {
  const prototype = Object.getPrototypeOf(req) as object | null;
  // Later requests of an app whose prototype has the accessor: `req.route` writes go through it.
  if (prototype === lastReady) return;
  // The request that installs it may have matched a route already (own `route`).
  if (prototype !== null && hasAccessor(prototype) && !Object.prototype.hasOwnProperty.call(req, 'route')) return;
  captureOnInstance(req as ExpressRequestFields, target);
}
