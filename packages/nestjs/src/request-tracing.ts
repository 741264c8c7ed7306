import type { ServerResponse } from 'node:http';
import { diag } from '@opentelemetry/api';
import { createHttpServerTracing, getServerRequestState } from '@dd-otel/core';
import type { HttpRequestLike, HttpResponseLike, HttpServerTracing, ServerRequestState } from '@dd-otel/core';
import { Inject, Injectable } from '@nestjs/common';
import type { OnApplicationBootstrap } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { nodeRequestOf, routeTemplateOf, setRouteFromAdapterRequest } from './adapter-request.js';
import type { CheckedModuleOptions, NestRequest } from './options.js';
import { DATADOG_MODULE_OPTIONS } from './tokens.js';
import { PACKAGE_NAME, VERSION } from './version.js';

const logger = diag.createComponentLogger({ namespace: PACKAGE_NAME });

/** Adapter names usable as a span prefix (`express.request`); anything else traces as `nestjs.request`. */
const FRAMEWORK_NAME = /^[a-z][a-z0-9_-]*$/;

interface FastifyHooks {
  addHook(name: 'onRequest', hook: (request: object, reply: unknown, done: () => void) => void): unknown;
}

/**
 * The request tracing of one Nest application, shared by the module's middleware, guard,
 * interceptor and filter. The adapter (`express`, `fastify`) is known once the application
 * exists, so the span names and core's tracing are settled then: at bootstrap, or at first use
 * if that comes earlier.
 */
@Injectable()
export class NestRequestTracing implements OnApplicationBootstrap {
  private tracingCache: HttpServerTracing<NestRequest, ServerResponse> | undefined = undefined;
  private adapterTypeCache: string | undefined = undefined;

  constructor(
    @Inject(DATADOG_MODULE_OPTIONS) readonly options: CheckedModuleOptions,
    @Inject(HttpAdapterHost) private readonly adapterHost: HttpAdapterHost,
  ) {}

  /** `express`, `fastify`, or what a custom adapter's `getType()` says (`''` without HTTP). */
  get adapterType(): string {
    if (this.adapterTypeCache === undefined) {
      let type: unknown;
      try {
        type = this.adapterHost.httpAdapter?.getType();
      } catch {
        type = undefined;
      }
      // Not cached until an adapter exists: a module may be created before it.
      if (typeof type !== 'string') return '';
      this.adapterTypeCache = type;
    }
    return this.adapterTypeCache;
  }

  /**
   * Settles core's tracing as soon as the application has its adapter, not at the first request:
   * on Express, core then reads requests when Node publishes them (`readRequestsAtStart`) from
   * the first request on. The options were checked at `forRoot()`, so this does not throw.
   */
  onApplicationBootstrap(): void {
    try {
      if (this.adapterType !== '') void this.tracing;
    } catch (error) {
      logger.error(`could not set up request tracing: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  /** Core's request tracing for this adapter: `<adapter>.request` spans. */
  get tracing(): HttpServerTracing<NestRequest, ServerResponse> {
    return (this.tracingCache ??= createHttpServerTracing<NestRequest, ServerResponse>({
      framework: FRAMEWORK_NAME.test(this.adapterType) ? this.adapterType : 'nestjs',
      packageName: PACKAGE_NAME,
      packageVersion: VERSION,
      options: this.options.webOptions,
      // Express keeps the matched route on its request; Fastify's is set by `installAdapterHooks`.
      resolveRoute: routeTemplateOf,
      // Express requests get a hidden class of their own each (core's request-start-facts.ts).
      readRequestsAtStart: this.adapterType === 'express',
    }));
  }

  /** The Node request behind what Nest hands to guards, interceptors and filters. */
  nodeRequestOf(request: unknown): HttpRequestLike | undefined {
    return nodeRequestOf(request, this.adapterType);
  }

  /** The traced request's state (its span), whichever dd-otel plugin started it. */
  stateOf(request: unknown): ServerRequestState | undefined {
    const req = this.nodeRequestOf(request);
    return req === undefined ? undefined : getServerRequestState<HttpRequestLike, HttpResponseLike>(req);
  }

  /**
   * On Fastify, Nest middleware sees the raw request only, and the route template lives on the
   * Fastify request: a hook on the Fastify instance (run after the middleware, in the request's
   * context) gives it to the request span, so it is known even when the module's guard does not
   * run (a global guard of the app rejected the request first). Added while Nest configures
   * middleware, before the server is ready. Never throws.
   */
  installAdapterHooks(): void {
    if (this.adapterType !== 'fastify') return;
    try {
      const instance = this.adapterHost.httpAdapter?.getInstance<FastifyHooks>();
      instance?.addHook('onRequest', (request, _reply, done) => {
        setRouteFromAdapterRequest(this.stateOf(request), request);
        done();
      });
    } catch (error) {
      logger.warn(`could not add the Fastify hook that finds routes of rejected requests: ${String(error)}`);
    }
  }
}
