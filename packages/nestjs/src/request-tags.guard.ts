import { Inject, Injectable } from '@nestjs/common';
import type { CanActivate, ExecutionContext } from '@nestjs/common';
import { setRouteFromAdapterRequest } from './adapter-request.js';
import { HandlerIdentities } from './handler-identity.js';
import { NestRequestTracing } from './request-tracing.js';

/**
 * Global guard that lets every request through and tags its span with the controller method
 * that serves it (`nestjs.controller`, `nestjs.callback`, `nestjs.module`) and the route template.
 *
 * A guard rather than an interceptor because it is the cheapest per-request hook Nest offers
 * that knows the handler: a sync `canActivate` costs Nest an `await`, while any interceptor
 * makes Nest run every request through an rxjs pipeline (`defer`, `mergeAll`, a
 * `ReplaySubject`, two async resources) that a bare app never pays for. Global guards run
 * before the controller's and the method's own, and `APP_GUARD`s before those added with
 * `app.useGlobalGuards()`, so a request those deny keeps its tags (one denied by an app's
 * `APP_GUARD` that Nest runs first does not).
 */
@Injectable()
export class RequestTagsGuard implements CanActivate {
  constructor(
    @Inject(NestRequestTracing) private readonly requestTracing: NestRequestTracing,
    @Inject(HandlerIdentities) private readonly identities: HandlerIdentities,
  ) {}

  /** Always true: tracing never decides whether a request is served. Never throws. */
  canActivate(executionContext: ExecutionContext): true {
    try {
      if (executionContext.getType() !== 'http') return true;
      const request = executionContext.switchToHttp().getRequest<unknown>();
      const state = this.requestTracing.stateOf(request);
      if (state === undefined || state.finished) return true;
      state.span.setAttributes(this.identities.of(executionContext.getClass(), executionContext.getHandler()).attributes);
      setRouteFromAdapterRequest(state, request);
    } catch {
      // Tags are optional; the request goes on whatever its objects look like.
    }
    return true;
  }
}
