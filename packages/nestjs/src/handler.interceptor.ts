import { SpanKind, context, trace } from '@opentelemetry/api';
import type { Attributes, Context, Span } from '@opentelemetry/api';
import { recordServerError } from '@dd-otel/core';
import type { HttpRequestLike, ServerRequestState } from '@dd-otel/core';
import { Inject, Injectable } from '@nestjs/common';
import type { CallHandler, ExecutionContext, NestInterceptor } from '@nestjs/common';
import type { Observable } from 'rxjs';
import { setRouteFromAdapterRequest } from './adapter-request.js';
import { ControllerModules } from './controller-module.js';
import { observeInContext } from './observe-in-context.js';
import { NestRequestTracing } from './request-tracing.js';
import { recordSpanFailure } from './span-errors.js';

/** Operation name of the optional per-handler span. */
export const HANDLER_SPAN_NAME = 'nestjs.handler';

interface HandlerIdentity {
  controller: string | undefined;
  callback: string | undefined;
  module: string | undefined;
}

function nameOf(value: unknown): string | undefined {
  const name = typeof value === 'function' ? value.name : undefined;
  return typeof name === 'string' && name !== '' ? name : undefined;
}

function identityAttributes(identity: HandlerIdentity): Attributes {
  const attributes: Attributes = {};
  if (identity.controller !== undefined) attributes['nestjs.controller'] = identity.controller;
  if (identity.callback !== undefined) attributes['nestjs.callback'] = identity.callback;
  if (identity.module !== undefined) attributes['nestjs.module'] = identity.module;
  return attributes;
}

/**
 * Global interceptor: tags the request span with the controller and handler that served it,
 * gives it the route template, remembers handler and pipe exceptions for it, and (option
 * `handlerSpans`) traces the handler in an INTERNAL `nestjs.handler` span. The handler runs
 * with that span, or the request span, active: the context is activated around the
 * subscription, where Nest's lazy pipeline actually runs.
 */
@Injectable()
export class HandlerInterceptor implements NestInterceptor {
  constructor(
    @Inject(NestRequestTracing) private readonly requestTracing: NestRequestTracing,
    @Inject(ControllerModules) private readonly controllerModules: ControllerModules,
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
      const identity: HandlerIdentity = {
        controller: nameOf(executionContext.getClass()),
        callback: nameOf(executionContext.getHandler()),
        module: this.controllerModules.moduleOf(executionContext.getClass()),
      };
      if (state !== undefined && !state.finished) this.tagRequestSpan(state, identity, request);
      active = context.active();
      // The middleware did not run in this context (e.g. the request was traced by a plugin
      // whose context did not reach here): use the request span's.
      if (state !== undefined && trace.getSpan(active) === undefined) active = state.context;
      if (this.requestTracing.options.handlerSpans) {
        handlerSpan = this.startHandlerSpan(identity, active);
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

  private tagRequestSpan(state: ServerRequestState, identity: HandlerIdentity, request: unknown): void {
    state.span.setAttributes(identityAttributes(identity));
    setRouteFromAdapterRequest(state, request);
  }

  private startHandlerSpan(identity: HandlerIdentity, parent: Context): Span {
    const { tracer } = this.requestTracing.tracing.settings();
    const resource = [identity.controller, identity.callback].filter((part) => part !== undefined).join('.');
    const attributes: Attributes = {
      'operation.name': HANDLER_SPAN_NAME,
      component: 'nestjs',
      'nestjs.type': 'handler',
      ...identityAttributes(identity),
    };
    if (resource !== '') attributes['resource.name'] = resource;
    return tracer.startSpan(HANDLER_SPAN_NAME, { kind: SpanKind.INTERNAL, attributes }, parent);
  }
}
