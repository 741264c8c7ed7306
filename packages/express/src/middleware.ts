import type { IncomingMessage, ServerResponse } from 'node:http';
import { createHttpServerTracing, startServerSpan } from '@dd-otel/core';
import type { WebPluginOptions } from '@dd-otel/core';
import type { ExpressApp, ExpressRoute } from './express-types.js';
import { captureMatchedRoutes } from './route-capture.js';
import { resolveRouteTemplate } from './route-template.js';
import { VERSION } from './version.js';

/** The request as Express hands it to middleware (the fields this package reads). */
export type ExpressRequest = IncomingMessage & { originalUrl?: string; baseUrl?: string; route?: unknown };

/**
 * Options of `datadogMiddleware()`: the common web-plugin options of dd-otel (see the README).
 * `Req`/`Res` type the `ignore` predicates and `hooks.request`, e.g. Express's `Request`/`Response`.
 */
export type DatadogExpressOptions<Req extends ExpressRequest = ExpressRequest, Res extends ServerResponse = ServerResponse> =
  WebPluginOptions<Req, Res>;

/** Express's `next`. */
export type NextFunction = (error?: unknown) => void;

/**
 * Only when the match could not be recorded (the request lost its context before routing, or
 * `req.route` could not be intercepted): the last matched route, placed with what the request
 * says at the end. After an error unwound the routers, that is the route's own pattern only.
 */
function templateAtEnd(req: ExpressRequest): string | undefined {
  const route = req.route as ExpressRoute | undefined;
  if (route === undefined || route === null || typeof route !== 'object') return undefined;
  return resolveRouteTemplate(route, req as ExpressRequest & { app?: ExpressApp });
}

/**
 * Express middleware that gives every request one Datadog `express.request` span (resource
 * `GET /users/:id`), continuing the incoming trace. Install it first: `app.use(datadogMiddleware())`.
 * Uses the registered OTel tracer provider, or initialises `@dd-otel/core` when there is none.
 *
 * @throws TypeError when an option is invalid (the message names it).
 * @example
 * import express from 'express';
 * import { datadogMiddleware, datadogErrorHandler } from '@dd-otel/express';
 * const app = express();
 * app.use(datadogMiddleware({ service: 'web', headers: ['x-request-id'] }));
 * app.get('/users/:id', getUser);
 * app.use(datadogErrorHandler());
 * // Typed hooks: datadogMiddleware<Request, Response>({ hooks: { request(span, req) { ... } } })
 */
export function datadogMiddleware<Req extends ExpressRequest = ExpressRequest, Res extends ServerResponse = ServerResponse>(
  options?: DatadogExpressOptions<Req, Res>,
): (req: Req, res: Res, next: NextFunction) => void {
  const tracing = createHttpServerTracing<Req, Res>({
    framework: 'express',
    packageName: '@dd-otel/express',
    packageVersion: VERSION,
    options,
    resolveRoute: templateAtEnd,
    // Express gives each request a hidden class of its own: read what the span starts with before.
    readRequestsAtStart: true,
  });
  return function datadogMiddleware(req, res, next) {
    const state = startServerSpan(tracing, req, res);
    if (state === undefined) {
      next();
      return;
    }
    captureMatchedRoutes(req, state);
    // Everything Express runs from here on, handlers included, sees the request span as active.
    state.run(next);
  };
}
