import { SpanKind, context, trace } from './otel-api.js';
import type { Attributes, Context, Span } from '@opentelemetry/api';
import { recordServerError } from '@dd-otel/core';
import type { HttpRequestLike } from '@dd-otel/core';
import type { CallHandler, ExecutionContext, NestInterceptor } from '@nestjs/common';
import type { Observable } from 'rxjs';
import type { HandlerIdentities, HandlerIdentity } from './handler-identity.js';
import { observeInContext } from './observe-in-context.js';
import type { CheckedModuleOptions } from './options.js';
import type { NestRequestTracing } from './request-tracing.js';
import { recordSpanFailure } from './span-errors.js';

/** Operation name of the optional per-handler span. */
export const HANDLER_SPAN_NAME = 'nestjs.handler';

/**
 * Global interceptor, installed only when it is asked for (`handlerSpans`,
 * `recordExceptionsBeforeFilters`): any interceptor makes Nest run each request through an rxjs
 * pipeline, which costs more than all of this module's own work (the request span's tags come
 * from `RequestTagsGuard`). It remembers handler and pipe exceptions for the request span before
 * any exception filter sees them and, with `handlerSpans`, traces the handler in an INTERNAL
 * `nestjs.handler` span. The handler runs with that span, or the request span, active: the
 * context is activated around the subscription, where Nest's lazy pipeline actually runs.
 */
export class HandlerInterceptor implements NestInterceptor {
  constructor(
    private readonly requestTracing: NestRequestTracing,
    private readonly identities: HandlerIdentities,
  ) {}

  intercept(executionContext: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (executionContext.getType() !== 'http') return next.handle();
    let active: Context;
    let req: HttpRequestLike | undefined;
    let handlerSpan: Span | undefined;
    try {
      const request = executionContext.switchToHttp().getRequest<unknown>();
      req = this.requestTracing.nodeRequestOf(request);
      const state = this.requestTracing.stateOf(request);
      active = context.active();
      // The middleware did not run in this context (e.g. the request was traced by a plugin
      // whose context did not reach here): use the request span's.
      if (state !== undefined && trace.getSpan(active) === undefined) active = state.context;
      if (this.requestTracing.options.handlerSpans) {
        handlerSpan = this.startHandlerSpan(this.identities.of(executionContext.getClass(), executionContext.getHandler()), active);
        active = trace.setSpan(active, handlerSpan);
      }
    } catch {
      return next.handle();
    }
    const validateStatus = this.requestTracing.tracing.settings().validateStatus;
    return observeInContext(
      active,
      () => next.handle(),
      (failed, error) => {
        if (failed && req !== undefined) recordServerError(req, error);
        if (handlerSpan === undefined) return;
        if (failed) recordSpanFailure(handlerSpan, error, validateStatus);
        handlerSpan.end();
      },
    );
  }

  private startHandlerSpan(identity: HandlerIdentity, parent: Context): Span {
    const { tracer } = this.requestTracing.tracing.settings();
    const resource = [identity.controller, identity.callback].filter((part) => part !== undefined).join('.');
    const attributes: Attributes = {
      'operation.name': HANDLER_SPAN_NAME,
      component: 'nestjs',
      'nestjs.type': 'handler',
      ...identity.attributes,
    };
    if (resource !== '') attributes['resource.name'] = resource;
    return tracer.startSpan(HANDLER_SPAN_NAME, { kind: SpanKind.INTERNAL, attributes }, parent);
  }
}

/**
 * What the module registers as `APP_INTERCEPTOR`: the interceptor when the options need it, else
 * nothing (Nest skips a global enhancer whose factory returns nothing). Decided from the checked
 * options, so it also works when `forRootAsync()` resolves them at bootstrap.
 */
export function handlerInterceptorFor(
  options: CheckedModuleOptions,
  requestTracing: NestRequestTracing,
  identities: HandlerIdentities,
): HandlerInterceptor | null {
  return options.handlerSpans || options.recordExceptionsBeforeFilters ? new HandlerInterceptor(requestTracing, identities) : null;
}
