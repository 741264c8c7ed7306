/**
 * The parts of Express 4 and 5 (router 2.x) that the route-template code reads, declared
 * structurally so the package never imports Express at runtime or in its public types.
 */

/** A path as given to `app.get()` / `router.use()`. */
export type RoutePath = string | RegExp | readonly RoutePath[];

/** A `Route` (what `req.route` holds): `path` is the pattern as given, relative to its router. */
export interface ExpressRoute {
  path: RoutePath;
}

/** The match result of router ≥ 2.3 (`Layer.prototype.match` stores nothing on the layer). */
export interface PureLayerMatch {
  path: string;
  params: Record<string, unknown>;
  pattern: string | RegExp;
}

/** path-to-regexp's (router 2.0–2.2) matcher result. */
export interface MatcherResult {
  path: string;
  params: Record<string, unknown>;
}

/** One entry of a router's `stack`. Which fields exist depends on the Express/router version. */
export interface ExpressLayer {
  name?: string;
  route?: ExpressRoute;
  handle: { name?: string; stack?: unknown };
  /** Express 4: the compiled pattern, and its capture groups' names. */
  regexp?: RegExp & { fast_slash?: boolean; fast_star?: boolean };
  keys?: ReadonlyArray<{ name: string | number }>;
  /** router ≥ 2.3: the pattern as given, and a match() that stores nothing. */
  rawPath?: RoutePath;
  match?: (path: string) => unknown;
  /** router 2.x: one path-to-regexp matcher per pattern; `slash` for `use('/')`. */
  matchers?: ReadonlyArray<(path: string) => MatcherResult | false>;
  slash?: boolean;
}

/** A router (Express 4 `app._router` or nested `express.Router()`, router 2.x `Router`). */
export interface ExpressRouter {
  stack: readonly ExpressLayer[];
}

/** An Express application, possibly mounted in another one (`app.use('/admin', adminApp)`). */
export interface ExpressApp {
  parent?: ExpressApp;
  mountpath?: RoutePath;
  /** The prototype Express gives this app's requests. */
  request?: object;
}
