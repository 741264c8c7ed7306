import type { IncomingMessage, ServerResponse } from 'node:http';
import { context } from '@opentelemetry/api';
import { createHttpServerTracing, startServerSpan } from '@dd-otel/core';
import { logger } from './diag.js';
import type { DatadogExpressOptions, ExpressRequest } from './middleware.js';
import { templateAtEnd } from './middleware.js';
import { captureRoutesOfApp } from './route-capture.js';
import { VERSION } from './version.js';

/** An Express app as Node's HTTP server calls it, plus the request prototype it gives its requests. */
export interface ExpressAppListener {
  (req: IncomingMessage, res: ServerResponse): void;
  request?: object;
}

/**
 * The Express app as a request listener that starts each request's `express.request` span before
 * Express sees the request: `http.createServer(datadogExpressApp(app)).listen(port)` in place of
 * `app.listen(port)`. The spans are the ones `datadogMiddleware()` makes (same resource, tags,
 * options and errors, with `datadogErrorHandler()` after the routes); the app needs no
 * `app.use(datadogMiddleware())`.
 *
 * Why it exists: Express switches the prototype of every request and response, which gives each
 * one a hidden class of its own, so everything read or run on them after that misses V8's inline
 * caches, the middleware's layer included. Reading the request and starting the span before the
 * switch costs an Express request about a quarter less added CPU than the middleware does
 * (tools/bench: `node tools/bench/http/ab.mjs --framework express`, README "Cost").
 *
 * @throws TypeError when `app` is not a function or an option is invalid (the message names it).
 * @example
 * import http from 'node:http';
 * import express from 'express';
 * import { datadogErrorHandler, datadogExpressApp } from '@dd-otel/express';
 * const app = express();
 * app.get('/users/:id', getUser);
 * app.use(datadogErrorHandler());
 * http.createServer(datadogExpressApp(app)).listen(3000);
 */
export function datadogExpressApp<Req extends ExpressRequest = ExpressRequest, Res extends ServerResponse = ServerResponse>(
  app: ExpressAppListener,
  options?: DatadogExpressOptions<Req, Res>,
): (req: IncomingMessage, res: ServerResponse) => void {
  if (typeof app !== 'function') {
    throw new TypeError(`@dd-otel/express: datadogExpressApp(app) needs the Express app (a function), got ${describe(app)}`);
  }
  const tracing = createHttpServerTracing<Req, Res>({
    framework: 'express',
    packageName: '@dd-otel/express',
    packageVersion: VERSION,
    options,
    resolveRoute: templateAtEnd,
  });
  // The route accessor goes on the app's request prototype now: requests are read before Express
  // gives them that prototype, so the per-request check of the middleware cannot find it.
  if (!captureRoutesOfApp(app.request)) {
    logger.debug('datadogExpressApp: the route of a request is read when it ends (the app request prototype took no accessor)');
  }
  return function datadogExpressApp(req, res) {
    const state = startServerSpan(tracing, req as Req, res as Res);
    if (state === undefined) {
      app(req, res);
      return;
    }
    // Express runs the whole request from this call: every handler sees the request span as active.
    context.with(state.context, app, undefined, req, res);
  };
}

function describe(value: unknown): string {
  return value === null ? 'null' : typeof value === 'object' ? 'an object' : typeof value;
}
