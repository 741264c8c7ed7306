import type { ServerResponse } from 'node:http';
import { recordServerError } from '@dd-otel/core';
import type { ExpressRequest, NextFunction } from './middleware.js';

/**
 * Express error middleware that remembers the error for the request span and passes it on
 * unchanged. Install it after the routes and before your own error handlers:
 * `app.use(datadogErrorHandler())`. The span gets `error.type/message/stack` and an exception
 * event only when the final status is an error (5xx by default).
 */
export function datadogErrorHandler(): (
  error: unknown,
  req: ExpressRequest,
  res: ServerResponse,
  next: NextFunction,
) => void {
  // Four parameters: that is how Express recognises error middleware.
  return function datadogErrorHandler(error, req, _res, next) {
    recordServerError(req, error);
    next(error);
  };
}
