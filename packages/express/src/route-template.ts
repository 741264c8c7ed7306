import type { ExpressApp, ExpressLayer, ExpressRoute } from './express-types.js';
import { matchLayer, patternTemplate } from './layer-match.js';
import { placementsOf, routerOf, subAppMountsOf } from './router-index.js';
import type { RoutePlacement } from './router-index.js';

/** The request as Express left it when it set `req.route` (see route-capture.ts). */
export interface MatchSite {
  /** `req.baseUrl`: the mount paths matched so far, as matched strings (`/users/42`). */
  readonly baseUrl?: unknown;
  /** `req.url` relative to the route's router. */
  readonly url?: unknown;
  /** `req.app`: a sub-app when the route belongs to one. */
  readonly app?: ExpressApp | undefined;
}

/**
 * Templates that do not depend on the request (see `isFixed`), per route, with the request
 * prototype of the app they were computed for (`app.request`: what Express gives that app's
 * requests, so checking it reads no request property).
 */
const fixedTemplates = new WeakMap<ExpressRoute, { requestPrototype: unknown; template: string }>();

/** A layer whose match cannot vary: no parameters, wildcards or alternatives in its pattern. */
function isFixedLayer(layer: ExpressLayer): boolean {
  if (layer.rawPath !== undefined) return typeof layer.rawPath === 'string' && !/[:*(?{]/.test(layer.rawPath);
  if (layer.regexp instanceof RegExp) return (layer.keys ?? []).length === 0 && !layer.regexp.fast_star;
  return false;
}

function isFixed(route: ExpressRoute, placement: RoutePlacement): boolean {
  return typeof route.path === 'string' && placement.mounts.every(isFixedLayer);
}

/** Sub-apps nested deeper than this are not followed. */
const MAX_APP_DEPTH = 8;

/** Joins template pieces; `/` pieces add nothing (`/users` + `/` is `/users`). */
export function joinTemplates(pieces: readonly string[]): string {
  let joined = '';
  for (const piece of pieces) {
    if (piece === '' || piece === '/') continue;
    joined = joined.endsWith('/') && piece.startsWith('/') ? joined + piece.slice(1) : joined + piece;
  }
  return joined === '' ? '/' : joined;
}

function pathOf(url: string): string {
  const queryAt = url.indexOf('?');
  return queryAt === -1 ? url : url.slice(0, queryAt);
}

/** The route's own pattern; for an array of patterns, the one that matched. */
function routeTemplate(route: ExpressRoute, routeLayer: ExpressLayer | undefined, url: string): string {
  const { path } = route;
  if (!Array.isArray(path)) return patternTemplate(path as string | RegExp);
  const relative = pathOf(url);
  const flat = (path as unknown[]).flat(Infinity) as Array<string | RegExp>;
  for (const pattern of flat) {
    if (pattern instanceof RegExp && new RegExp(pattern.source, pattern.flags.replace(/[gy]/g, '')).test(relative)) {
      return patternTemplate(pattern);
    }
  }
  const matched = routeLayer === undefined ? undefined : matchLayer(routeLayer, relative, true);
  if (matched === undefined) return patternTemplate(flat[0] ?? '');
  const exact = flat.find((pattern): pattern is string => typeof pattern === 'string' && pattern === matched.template);
  return exact ?? matched.template;
}

/** Matches a chain of mount layers against successive prefixes of `path`. */
function matchMounts(mounts: readonly ExpressLayer[], path: string): { template: string; rest: string } | undefined {
  const pieces: string[] = [];
  let rest = path;
  for (const layer of mounts) {
    const matched = matchLayer(layer, rest, false);
    if (matched === undefined) return undefined;
    pieces.push(matched.template);
    rest = rest.slice(matched.consumed);
  }
  return { template: joinTemplates(pieces), rest };
}

/**
 * The mount template of a sub-app (`app.use('/admin/:org', adminApp)`) and what of `baseUrl` is
 * left for the sub-app's own routers. Sub-apps are hidden in a closure in their parent's stack,
 * so their mount layer is recognised by matching, preferring the one whose pattern equals
 * `app.mountpath`.
 */
function subAppPrefix(app: ExpressApp, baseUrl: string, depth: number): { pieces: string[]; rest: string } {
  const parent = app.parent;
  const parentRouter = parent === undefined || parent === app || depth >= MAX_APP_DEPTH ? undefined : routerOf(parent);
  if (parent === undefined || parentRouter === undefined) return { pieces: [], rest: baseUrl };
  const outer = subAppPrefix(parent, baseUrl, depth + 1);
  const wanted = app.mountpath === undefined ? undefined : joinTemplates([patternTemplate(app.mountpath)]);
  let first: { template: string; rest: string } | undefined;
  for (const chain of subAppMountsOf(parentRouter)) {
    const matched = matchMounts(chain, outer.rest);
    if (matched === undefined) continue;
    if (wanted !== undefined && matched.template.endsWith(wanted)) return { pieces: [...outer.pieces, matched.template], rest: matched.rest };
    first ??= matched;
  }
  if (first === undefined) return { pieces: [...outer.pieces, wanted ?? ''], rest: '' };
  return { pieces: [...outer.pieces, first.template], rest: first.rest };
}

/**
 * The full route template of a request (`/api/users/:id`), built from every router and sub-app
 * it went through: their patterns, never the matched strings (which contain ids). When a mount
 * cannot be recovered, only the patterns that can are used.
 */
export function resolveRouteTemplate(route: ExpressRoute, site: MatchSite): string {
  const cached = fixedTemplates.get(route);
  // The common case reads no request property: on an Express request each read is an inline-cache miss.
  if (cached !== undefined && cached.requestPrototype === Object.getPrototypeOf(site)) return cached.template;
  const app = site.app;
  const baseUrl = typeof site.baseUrl === 'string' ? site.baseUrl : '';
  const url = typeof site.url === 'string' ? site.url : '/';
  const router = routerOf(app);
  const prefix = app === undefined ? { pieces: [], rest: baseUrl } : subAppPrefix(app, baseUrl, 0);
  const placements = router === undefined ? [] : placementsOf(router, route);
  if (app !== undefined && app.parent === undefined && placements.length === 1 && isFixed(route, placements[0]!)) {
    // Same answer for every request: only the route's own pattern and parameter-free mounts.
    const mounts = matchMounts(placements[0]!.mounts, baseUrl);
    if (mounts !== undefined && mounts.rest === '') {
      const template = joinTemplates([mounts.template, routeTemplate(route, placements[0]!.routeLayer, url)]);
      const requestPrototype = app.request;
      if (requestPrototype === Object.getPrototypeOf(site)) fixedTemplates.set(route, { requestPrototype, template });
      return template;
    }
  }
  for (const placement of placements) {
    const mounts = matchMounts(placement.mounts, prefix.rest);
    if (mounts !== undefined && mounts.rest === '') {
      return joinTemplates([...prefix.pieces, mounts.template, routeTemplate(route, placement.routeLayer, url)]);
    }
  }
  return joinTemplates([...prefix.pieces, routeTemplate(route, placements[0]?.routeLayer, url)]);
}
