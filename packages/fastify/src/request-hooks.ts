import { context } from '@opentelemetry/api';
import {
  finishServerSpan,
  getServerRequestState,
  recordServerError,
  startServerSpan,
} from '@dd-otel/core';
import type { HttpRequestLike, HttpResponseLike, HttpServerTracing, ServerRequestState } from '@dd-otel/core';
import type { FastifyError, FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import { linkReply } from './request-link.js';
import { isOptedOut, routeOf } from './route-info.js';

/** The Fastify hooks of one plugin registration; created once, shared by every request. */
export interface RequestHooks {
  onRequest(request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction): void;
  onError(request: FastifyRequest, reply: FastifyReply, error: FastifyError, done: () => void): void;
  onTimeout(request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction): void;
  onRequestAbort(request: FastifyRequest, done: HookHandlerDoneFunction): void;
}

/** Attribute saying which timeout ended a request: `connection` (connectionTimeout) or `request` (requestTimeout). */
export const TIMEOUT_ATTRIBUTE = 'fastify.timeout';

/** The state of a traced request, typed the way `finishServerSpan` takes it. */
function stateOf(request: FastifyRequest): ServerRequestState | undefined {
  if (request.datadogSpan === null) return undefined;
  return getServerRequestState<HttpRequestLike, HttpResponseLike>(request.raw);
}

/**
 * Builds the hooks. No closure is created per request: each hook reads the request's state from
 * the request itself.
 */
export function createRequestHooks(tracing: HttpServerTracing, needsReplyLink: boolean): RequestHooks {
  return {
    onRequest(request, reply, done) {
      const route = routeOf(request);
      if (isOptedOut(route)) return done();
      if (needsReplyLink) linkReply(request.raw, reply);
      const state = startServerSpan(tracing, request.raw, reply.raw);
      if (state === undefined) return done();
      if (route.url !== undefined) state.route = route.url;
      request.datadogSpan = state.span;
      // Fastify runs the next hooks and the handler from inside `done`: calling it in the span's
      // context makes that context active for the rest of the lifecycle, sync or async. (Fastify
      // itself carries the context across reading the body, through an AsyncResource.)
      context.with(state.context, done);
    },

    onError(request, _reply, error, done) {
      recordServerError(request.raw, error);
      done();
    },

    // Fastify calls this on connectionTimeout, before Node destroys the socket (and the response
    // closes), so the span can still say why it ended.
    onTimeout(request, _reply, done) {
      const state = stateOf(request);
      if (state !== undefined && !state.finished) {
        state.span.setAttribute(TIMEOUT_ATTRIBUTE, 'connection');
        finishServerSpan(state, true);
      }
      done();
    },

    onRequestAbort(request, done) {
      const state = stateOf(request);
      if (state !== undefined && !state.finished) finishServerSpan(state, true);
      done();
    },
  };
}
