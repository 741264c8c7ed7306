import type { ExpressApp, ExpressLayer, ExpressRoute, ExpressRouter } from './express-types.js';

/** Where a route sits: the mount layers from the app's router down to its router, and its own layer. */
export interface RoutePlacement {
  readonly mounts: readonly ExpressLayer[];
  readonly routeLayer: ExpressLayer;
}

/** Every route reachable from one app router, and the chains of layers that mount sub-apps. */
interface RouterIndex {
  readonly routes: Map<ExpressRoute, RoutePlacement[]>;
  readonly subAppMounts: readonly (readonly ExpressLayer[])[];
}

interface IndexSlot {
  index: RouterIndex;
  /** Routes seen in requests but not reachable through router stacks (e.g. routers wrapped in a closure). */
  readonly unreachable: WeakSet<ExpressRoute>;
}

/** Deeper nesting than this is treated as a cycle or a mistake. */
const MAX_DEPTH = 32;

const slots = new WeakMap<ExpressRouter, IndexSlot>();

function isRouter(handle: unknown): handle is ExpressRouter {
  return typeof handle === 'function' && Array.isArray((handle as { stack?: unknown }).stack);
}

function buildIndex(router: ExpressRouter): RouterIndex {
  const routes = new Map<ExpressRoute, RoutePlacement[]>();
  const subAppMounts: ExpressLayer[][] = [];
  const visiting = new Set<ExpressRouter>();
  const visit = (stack: readonly ExpressLayer[], mounts: readonly ExpressLayer[]): void => {
    for (const layer of stack) {
      if (layer.route !== undefined && layer.route !== null) {
        const placements = routes.get(layer.route);
        const placement = { mounts, routeLayer: layer };
        if (placements) placements.push(placement);
        else routes.set(layer.route, [placement]);
      } else if (isRouter(layer.handle)) {
        if (visiting.has(layer.handle) || mounts.length >= MAX_DEPTH) continue;
        visiting.add(layer.handle);
        visit(layer.handle.stack, [...mounts, layer]);
        visiting.delete(layer.handle);
      } else if (layer.name === 'mounted_app') {
        // Express wraps a mounted sub-app in a closure: only its mount path is visible here.
        subAppMounts.push([...mounts, layer]);
      }
    }
  };
  visiting.add(router);
  visit(router.stack, []);
  return { routes, subAppMounts };
}

function slotOf(router: ExpressRouter): IndexSlot {
  let slot = slots.get(router);
  if (slot === undefined) {
    slot = { index: buildIndex(router), unreachable: new WeakSet() };
    slots.set(router, slot);
  }
  return slot;
}

/**
 * Where `route` is mounted under `router`. Built once per app router; rebuilt when a request
 * matched a route registered after the last build. Empty when the route cannot be reached
 * through router stacks.
 */
export function placementsOf(router: ExpressRouter, route: ExpressRoute): readonly RoutePlacement[] {
  const slot = slotOf(router);
  const found = slot.index.routes.get(route);
  if (found !== undefined) return found;
  if (slot.unreachable.has(route)) return [];
  slot.index = buildIndex(router);
  const rebuilt = slot.index.routes.get(route);
  if (rebuilt !== undefined) return rebuilt;
  slot.unreachable.add(route);
  return [];
}

/** Layer chains that mount sub-apps under `router`. */
export function subAppMountsOf(router: ExpressRouter): readonly (readonly ExpressLayer[])[] {
  return slotOf(router).index.subAppMounts;
}

/** Express 4 keeps the router in `_router`; Express 5 in `router` (a getter that throws on Express 4). */
export function routerOf(app: ExpressApp | undefined): ExpressRouter | undefined {
  if (app === undefined || app === null) return undefined;
  try {
    const candidate = (app as { _router?: unknown })._router ?? (app as { router?: unknown }).router;
    return isRouter(candidate) || (typeof candidate === 'object' && candidate !== null && Array.isArray((candidate as ExpressRouter).stack))
      ? (candidate as ExpressRouter)
      : undefined;
  } catch {
    return undefined;
  }
}
