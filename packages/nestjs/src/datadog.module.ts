import * as nestCommon from '@nestjs/common';
import { Global, Inject, Module } from '@nestjs/common';
import type { DynamicModule, MiddlewareConsumer, ModuleMetadata, NestModule, Provider } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { ControllerModules } from './controller-module.js';
import { ExceptionObserverFilter } from './exception-observer.filter.js';
import { handlerInterceptorFor } from './handler.interceptor.js';
import { HandlerIdentities } from './handler-identity.js';
import { checkModuleOptions } from './options.js';
import type { DatadogModuleOptions } from './options.js';
import { RequestSpanMiddleware } from './request-span.middleware.js';
import { RequestTagsGuard } from './request-tags.guard.js';
import { NestRequestTracing } from './request-tracing.js';
import { DATADOG_MODULE_OPTIONS } from './tokens.js';
import { checkAsyncOptions } from './async-options.js';
import type { DatadogModuleAsyncOptions } from './async-options.js';

/**
 * The middleware's route: every path. Nest 11 and later match middleware paths with
 * path-to-regexp 8, which wants a named wildcard (`*` alone makes them log a warning under a
 * global prefix); Nest 10 wants `*`. `IntrinsicException` arrived with Nest 11.
 */
const ALL_ROUTES = 'IntrinsicException' in nestCommon ? '/{*path}' : '*';

/** Everything the module registers besides its options. */
const PROVIDERS: Provider[] = [
  NestRequestTracing,
  ControllerModules,
  HandlerIdentities,
  { provide: APP_GUARD, useClass: RequestTagsGuard },
  // Only when the options ask for it: an interceptor is what a Nest request costs most (see the guard).
  {
    provide: APP_INTERCEPTOR,
    useFactory: handlerInterceptorFor,
    inject: [DATADOG_MODULE_OPTIONS, NestRequestTracing, HandlerIdentities],
  },
  { provide: APP_FILTER, useClass: ExceptionObserverFilter },
];

function dynamicModule(options: Provider, imports: ModuleMetadata['imports'] = []): DynamicModule {
  return {
    module: DatadogModule,
    global: true,
    imports,
    providers: [options, ...PROVIDERS],
    exports: [DATADOG_MODULE_OPTIONS],
  };
}

/**
 * Datadog request tracing for a Nest application, on the Express or the Fastify adapter. Import
 * it once, in the root module:
 * - a middleware starts the request span (`express.request` / `fastify.request`, resource
 *   `GET /api/v1/users/:id`) before guards run, or enriches the one the Express/Fastify plugin
 *   of dd-otel or another instrumentation already started;
 * - a global guard, which lets every request through, adds `nestjs.controller`,
 *   `nestjs.callback`, `nestjs.module` and the route template;
 * - a global exception filter records exceptions for the span without answering the request
 *   (the app's filters and responses are unchanged). `HttpException`s below 500 are answers,
 *   not errors; 5xx and other exceptions mark the span with `error.type/message/stack`;
 * - only with `handlerSpans: true` (a `nestjs.handler` span per controller call) or
 *   `recordExceptionsBeforeFilters: true`, a global interceptor: Nest's interceptor pipeline
 *   is the largest per-request cost a Nest module can add.
 *
 * Uses the tracer provider the app registered, or initialises `@dd-otel/core` at the first request.
 *
 * @example
 * @Module({ imports: [DatadogModule.forRoot({ service: 'users-api', handlerSpans: true })] })
 * export class AppModule {}
 */
@Global()
@Module({})
export class DatadogModule implements NestModule {
  constructor(@Inject(NestRequestTracing) private readonly requestTracing: NestRequestTracing) {}

  /** @throws TypeError naming the bad option. */
  static forRoot(options?: DatadogModuleOptions): DynamicModule {
    return dynamicModule({ provide: DATADOG_MODULE_OPTIONS, useValue: checkModuleOptions(options) });
  }

  /**
   * Options from a factory with injected dependencies (e.g. `ConfigService`). Options the
   * factory returns are checked when it resolves: a bad one rejects the application's bootstrap
   * with a TypeError naming it.
   *
   * @throws TypeError when `useFactory`, `inject` or `imports` is malformed.
   * @example
   * DatadogModule.forRootAsync({
   *   imports: [ConfigModule],
   *   inject: [ConfigService],
   *   useFactory: (config: ConfigService) => ({ service: config.get('SERVICE') }),
   * })
   */
  static forRootAsync(options: DatadogModuleAsyncOptions): DynamicModule {
    const { useFactory, inject, imports } = checkAsyncOptions(options);
    return dynamicModule(
      {
        provide: DATADOG_MODULE_OPTIONS,
        useFactory: async (...dependencies: unknown[]) => checkModuleOptions(await useFactory(...dependencies)),
        inject: [...inject],
      },
      [...imports],
    );
  }

  configure(consumer: MiddlewareConsumer): void {
    this.requestTracing.installAdapterHooks();
    consumer.apply(RequestSpanMiddleware).forRoutes(ALL_ROUTES);
  }
}
