import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Span, Tracer } from '@opentelemetry/api';
import { ensureTracerProvider } from '../init.js';
import { logger } from '../internal/diag.js';
import { describeError } from './describe-error.js';
import { compileHeaderTags } from './header-tags.js';
import type { CompiledHeaderTag } from './header-tags.js';
import type { HttpRequestLike, HttpResponseLike } from './http-types.js';
import { compileIgnoreRules } from './ignore-rules.js';
import type { IgnoreMatcher } from './ignore-rules.js';
import { resolveQueryObfuscation } from './query-string.js';
import { watchRequestStarts } from './request-start-facts.js';
import type { RequestAttributeSettings } from './request-attributes.js';
import { validateWebPluginOptions } from './web-plugin-options.js';
import type { CheckedWebPluginOptions } from './web-plugin-options.js';
import { webTracingConfig } from './web-config.js';

export interface HttpServerTracingInit<Req, Res> {
  /** `express`, `fastify`, ...: spans are named `<framework>.request` and tagged `component: <framework>`. */
  framework: string;
  /** The plugin's package (`@dd-otel/express`): instrumentation scope, and prefix of option errors. */
  packageName: string;
  packageVersion?: string;
  /** The plugin's options, validated here (`WebPluginOptions`); a bad one throws a `TypeError`. */
  options?: unknown;
  /** Option names the plugin handles itself (accepted, not checked here). */
  ownOptionNames?: readonly string[];
  /**
   * Asked once at the end of a request when no route was set with `setServerRoute`: the route
   * template (`/users/:id`), or undefined when no route matched.
   */
  resolveRoute?: (req: Req) => string | undefined;
  /**
   * The framework switches the prototype of its requests (Express, and Nest on Express): read the
   * fields the span starts with when Node publishes the request instead (request-start-facts.ts).
   */
  readRequestsAtStart?: boolean;
}

/** What a plugin's request spans need, resolved at the first request (after the app's `init()`). */
export interface BoundServerSettings<Req, Res> {
  readonly tracer: Tracer;
  readonly attributes: RequestAttributeSettings;
  readonly headerTags: readonly CompiledHeaderTag[];
  readonly validateStatus: (status: number) => boolean;
  /** Tag route-less requests with `http.endpoint` (finish-server-span.ts). */
  readonly resourceRenamingEnabled: boolean;
  readonly requestHook: ((span: Span, req: Req, res: Res) => void) | undefined;
}

/**
 * One plugin instance's request tracing: its checked options now, its tracer and configuration
 * at the first request. Created once per middleware/plugin, shared by all its requests.
 */
export class HttpServerTracing<
  Req extends HttpRequestLike = IncomingMessage,
  Res extends HttpResponseLike = ServerResponse,
> {
  readonly framework: string;
  readonly operationName: string;
  readonly packageName: string;
  private readonly packageVersion: string | undefined;
  private readonly options: CheckedWebPluginOptions<Req, Res>;
  private readonly ignoreMatcher: IgnoreMatcher<Req> | undefined;
  private readonly routeResolver: ((req: Req) => string | undefined) | undefined;
  /** See `HttpServerTracingInit.readRequestsAtStart`. */
  readonly readsRequestsAtStart: boolean;
  private bound: BoundServerSettings<Req, Res> | undefined = undefined;

  /** @throws TypeError when an option is invalid (the message names it). */
  constructor(init: HttpServerTracingInit<Req, Res>) {
    this.framework = init.framework;
    this.operationName = `${init.framework}.request`;
    this.packageName = init.packageName;
    this.packageVersion = init.packageVersion;
    this.options = validateWebPluginOptions<Req, Res>(init.options, init.packageName, init.ownOptionNames);
    this.ignoreMatcher = compileIgnoreRules(this.options.ignore);
    this.routeResolver = init.resolveRoute;
    this.readsRequestsAtStart = init.readRequestsAtStart === true;
    if (this.readsRequestsAtStart) watchRequestStarts();
  }

  /**
   * The tracer provider is looked up at the first request, not at creation, so an app may
   * create the middleware before calling `init()`.
   */
  settings(): BoundServerSettings<Req, Res> {
    return (this.bound ??= this.bind());
  }

  /**
   * True when the `ignore` option says this request is not traced. `fields`: where to read the
   * URL (the request's start facts, or the request itself).
   */
  isIgnored(req: Req, fields: HttpRequestLike = req): boolean {
    if (this.ignoreMatcher === undefined) return false;
    const target = fields.originalUrl ?? fields.url ?? '/';
    const queryAt = target.indexOf('?');
    return this.ignoreMatcher(queryAt === -1 ? target : target.slice(0, queryAt), req);
  }

  /** The plugin's route template for a finished request; never throws. */
  resolveRoute(req: Req): string | undefined {
    if (this.routeResolver === undefined) return undefined;
    try {
      const route = this.routeResolver(req);
      return typeof route === 'string' && route !== '' ? route : undefined;
    } catch (error) {
      logger.error(`${this.packageName}: could not compute the route: ${describeError(error)}`);
      return undefined;
    }
  }

  private bind(): BoundServerSettings<Req, Res> {
    const provider = ensureTracerProvider();
    const config = webTracingConfig(provider);
    const { validateStatus } = this.options;
    return Object.freeze({
      tracer: provider.getTracer(this.packageName, this.packageVersion),
      attributes: Object.freeze({
        operationName: this.operationName,
        framework: this.framework,
        query: resolveQueryObfuscation(this.options.queryStringObfuscation, config.queryStringObfuscation),
        // The plugin's own settings win over the tracer's, as dd-trace-js merges plugin config over it.
        clientIpEnabled: this.options.clientIpEnabled ?? config.clientIpEnabled,
        clientIpHeader: this.options.clientIpHeader ?? config.clientIpHeader,
        service: this.options.service,
      }),
      headerTags: compileHeaderTags(config.headerTags, this.options.headers),
      validateStatus: validateStatus ?? ((status: number) => !config.isServerErrorStatus(status)),
      // `=== true`: the config of a provider from an older dd-otel build has no such field.
      resourceRenamingEnabled: this.options.resourceRenamingEnabled ?? config.resourceRenamingEnabled === true,
      requestHook: this.options.requestHook,
    });
  }
}

/** Validates the options and returns the plugin's request tracing (see `HttpServerTracing`). */
export function createHttpServerTracing<
  Req extends HttpRequestLike = IncomingMessage,
  Res extends HttpResponseLike = ServerResponse,
>(init: HttpServerTracingInit<Req, Res>): HttpServerTracing<Req, Res> {
  return new HttpServerTracing(init);
}
