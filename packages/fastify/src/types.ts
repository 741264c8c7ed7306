import type { Span } from '@opentelemetry/api';
import type { WebPluginOptions } from '@dd-otel/core';
import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * Options of `app.register(datadogFastify, options)`: the options every dd-otel web plugin takes
 * (names as in dd-trace-js). `ignore` predicates get the Fastify request; `hooks.request` gets the
 * Fastify request and reply.
 *
 * @example
 * await app.register(datadogFastify, {
 *   service: 'checkout-api',
 *   ignore: ['/health', /^\/internal\//],
 *   headers: ['x-request-id'],
 *   validateStatus: (status) => status < 500,
 *   hooks: { request: (span, request) => span.setAttribute('tenant', String(request.headers['x-tenant'])) },
 * });
 */
export type DatadogFastifyOptions = WebPluginOptions<FastifyRequest, FastifyReply>;

declare module 'fastify' {
  interface FastifyRequest {
    /**
     * The request's server span (`fastify.request`, or the server span of another instrumentation
     * that dd-otel enriched); null when the request is not traced (ignored, opted out, tracing off).
     */
    datadogSpan: Span | null;
  }

  interface FastifyContextConfig {
    /** `false` leaves this route untraced: no span, no context, no cost. */
    datadog?: boolean;
  }
}
