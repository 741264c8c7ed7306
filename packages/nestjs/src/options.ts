import type { IncomingMessage, ServerResponse } from 'node:http';
import { validateWebPluginOptions } from '@dd-otel/core';
import type { WebPluginOptions } from '@dd-otel/core';
import { PACKAGE_NAME } from './version.js';

/**
 * The request as the module's `ignore` predicates and `hooks.request` see it: Express's request
 * on the Express adapter, Node's `IncomingMessage` (Fastify's `request.raw`) on the Fastify one.
 */
export type NestRequest = IncomingMessage & { originalUrl?: string; route?: unknown };

/**
 * Options of `DatadogModule.forRoot()`: the common web-plugin options of dd-otel (`service`,
 * `ignore`, `headers`, `validateStatus`, `queryStringObfuscation`, `clientIpEnabled`,
 * `clientIpHeader`, `resourceRenamingEnabled`, `hooks.request`; see the README) and Nest's own.
 */
export interface DatadogModuleOptions extends WebPluginOptions<NestRequest, ServerResponse> {
  /**
   * Also trace each controller method in an INTERNAL `nestjs.handler` span (resource
   * `UsersController.findOne`), child of the request span. Default false.
   */
  handlerSpans?: boolean;
  /**
   * Record pipe and handler exceptions for the request span before any exception filter sees
   * them. Without it they are recorded when they reach the global filters, which is enough
   * unless the app answers them first, with a method- or controller-scoped filter or a global
   * one Nest asks earlier (`app.useGlobalFilters()`): a 5xx answered that way still marks the
   * span an error, but without the exception's type, message and stack. Turning this on (or
   * `handlerSpans`) adds a global interceptor, which costs Nest's interceptor pipeline on every
   * request. Default false.
   */
  recordExceptionsBeforeFilters?: boolean;
}

/** The module's options once checked: what the providers read. */
export interface CheckedModuleOptions {
  /** Passed on to core's request tracing (checked again there, unchanged). */
  readonly webOptions: Readonly<Record<string, unknown>>;
  readonly handlerSpans: boolean;
  readonly recordExceptionsBeforeFilters: boolean;
}

function describeValue(value: unknown): string {
  try {
    return typeof value === 'string' ? JSON.stringify(value) : String(value);
  } catch {
    return typeof value;
  }
}

/** Options the module handles itself; core's validation accepts them unchecked. */
const OWN_OPTION_NAMES = Object.freeze(['handlerSpans', 'recordExceptionsBeforeFilters'] as const);

/**
 * Checks the module's options once, at `forRoot()` (or when the `forRootAsync()` factory
 * resolved). @throws TypeError naming the bad option.
 */
export function checkModuleOptions(options: unknown): CheckedModuleOptions {
  validateWebPluginOptions(options, PACKAGE_NAME, OWN_OPTION_NAMES);
  const given = (options ?? {}) as Record<string, unknown>;
  const flags = { handlerSpans: false, recordExceptionsBeforeFilters: false };
  for (const name of OWN_OPTION_NAMES) {
    const value = given[name];
    if (value !== undefined && typeof value !== 'boolean') {
      throw new TypeError(`${PACKAGE_NAME}: invalid option "${name}": expected true or false (got ${describeValue(value)})`);
    }
    flags[name] = value === true;
  }
  const webOptions: Record<string, unknown> = { ...given };
  for (const name of OWN_OPTION_NAMES) delete webOptions[name];
  return Object.freeze({ webOptions: Object.freeze(webOptions), ...flags });
}
