/**
 * @dd-otel/express: Datadog request spans for Express 4 and 5 through the OpenTelemetry API.
 * @module
 */
export { datadogMiddleware } from './middleware.js';
export type { DatadogExpressOptions, ExpressRequest, NextFunction } from './middleware.js';
export { datadogErrorHandler } from './error-handler.js';
export { VERSION } from './version.js';
