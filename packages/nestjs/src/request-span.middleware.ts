import type { ServerResponse } from 'node:http';
import { context } from './otel-api.js';
import { startServerSpan } from '@dd-otel/core';
import { Inject, Injectable } from '@nestjs/common';
import type { NestMiddleware } from '@nestjs/common';
import type { NestRequest } from './options.js';
import { withNestRequest } from './request-context.js';
import { NestRequestTracing } from './request-tracing.js';

/**
 * Starts the request span before Nest's guards, pipes and interceptors run, so their time and
 * their exceptions belong to it. When the Express or Fastify plugin of dd-otel, or another
 * instrumentation's server span, already traces the request, that span is used instead (core's
 * `startServerSpan` decides). Everything after this middleware runs with the span active.
 */
@Injectable()
export class RequestSpanMiddleware implements NestMiddleware<NestRequest, ServerResponse> {
  constructor(@Inject(NestRequestTracing) private readonly requestTracing: NestRequestTracing) {}

  use(req: NestRequest, res: ServerResponse, next: (error?: unknown) => void): void {
    const state = startServerSpan(this.requestTracing.tracing, req, res);
    if (state === undefined) {
      next();
      return;
    }
    context.with(withNestRequest(state.context, req), next);
  }
}
