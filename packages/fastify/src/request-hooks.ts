import type { IncomingMessage, ServerResponse } from 'node:http';
import { context } from '@opentelemetry/api';
import { finishServerSpan, recordServerError, startServerSpan } from '@dd-otel/core';
import type { HttpServerTracing, ServerRequestState } from '@dd-otel/core';
import type { FastifyError, FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import { logger } from './logger.js';
import { keepState, linkReply, stateOf } from './raw-request-slots.js';
import { isOptedOut, routeConfigOf } from './route-info.js';

/** The Fastify hooks of one plugin registration; created once, shared by every request. */
export interface RequestHooks {
  onRequest(request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction): void;
  onError(request: FastifyRequest, reply: FastifyReply, error: FastifyError, done: () => void): void;
  onTimeout(request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction): void;
}

/** Attribute saying which timeout ended a request: `connection` (connectionTimeout) or `request` (requestTimeout). */
export const TIMEOUT_ATTRIBUTE = 'fastify.timeout';

/**
 * Builds the hooks. They allocate no closure per request: each reads the request's state from the
 * request itself.
 */
export function createRequestHooks(tracing: HttpServerTracing, needsReplyLink: boolean): RequestHooks {
  /** Starts (or finds) the request's span; undefined when the request is not traced. Never throws. */
  function beginRequest(
    request: FastifyRequest,
    reply: FastifyReply,
  ): ServerRequestState<IncomingMessage, ServerResponse> | undefined {
    try {
      const route = routeConfigOf(request);
      if (isOptedOut(route)) return undefined;
      if (needsReplyLink) linkReply(request.raw, reply);
      const state = startServerSpan(tracing, request.raw, reply.raw);
      if (state === undefined) return undefined;
      const url = route?.url;
      if (url !== undefined) state.route = url;
      request.datadogSpan = state.span;
      keepState(request.raw, state as unknown as ServerRequestState);
      return state;
    } catch (error) {
      logger.error(`could not trace a request: ${error instanceof Error ? error.message : String(error)}`);
      return undefined;
    }
  }

  return {
    onRequest(request, reply, done) {
      const state = beginRequest(request, reply);
      if (state === undefined) return done();
      // Fastify runs the next hooks and the handler from inside `done`: calling it in the span's
      // context makes that context active for the rest of the lifecycle, sync or async. (Fastify
      // itself carries the context across reading the body, through an AsyncResource.)
      state.run(done);
    },

    // Core remembers the error through the request's context; the hook may run outside it
    // (an error in a hook that lost it), so the context is entered for the call.
    onError(request, _reply, error, done) {
      const state = stateOf(request.raw);
      if (state !== undefined) context.with(state.context, recordServerError, undefined, request.raw, error);
      done();
    },

    // Fastify calls this on connectionTimeout, before Node destroys the socket (and the response
    // closes), so the span can still say why it ended.
    onTimeout(request, _reply, done) {
      const state = stateOf(request.raw);
      if (state !== undefined && !state.finished) {
        state.span.setAttribute(TIMEOUT_ATTRIBUTE, 'connection');
        finishServerSpan(state, true);
      }
      done();
    },
  };
}
