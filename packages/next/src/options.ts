import type { DatadogOptions } from '@dd-otel/core';
import { checkWebOptions, describeValue as describe, NO_WEB_OPTIONS } from './web-options.js';
import type { CheckedNextWebOptions, NextWebOptions } from './web-options.js';

/**
 * Datadog operation name of Next's request span: `next.request` (dd-trace-js's Next.js span,
 * the default) or `web.request` (dd-trace-js's HTTP root, also what @vercel/otel emits), for
 * monitors built on that name.
 */
export type RequestOperationName = 'next.request' | 'web.request';

/**
 * Options of `registerDatadog()`: every `@dd-otel/core` option, plus the Next.js ones. The web
 * options (`clientIpEnabled`, `clientIpHeader`, `resourceRenamingEnabled`) configure the tracer
 * when `registerDatadog` creates it, and Next's request spans in any case, even when a tracer
 * provider was registered before (as the other dd-otel web plugins' options do).
 */
export interface NextDatadogOptions extends DatadogOptions, NextWebOptions {
  /** Operation name of the request span. Default `next.request`. */
  operationName?: RequestOperationName;
}

/** Options of `createNextSpanProcessor()`, for apps that register their own OTel SDK. */
export interface NextSpanProcessorOptions {
  /** Operation name of the request span. Default `next.request`. */
  operationName?: RequestOperationName;
  /**
   * Pattern whose matches in query strings become `<redacted>`; `false` keeps queries as they
   * are. Default: queries are dropped (no Datadog configuration to take a pattern from).
   */
  queryStringObfuscation?: RegExp | false;
  /** Server statuses that make a request span an error. Default: 500–599. */
  isServerErrorStatus?: (status: number) => boolean;
}

const OPERATION_NAMES: readonly RequestOperationName[] = ['next.request', 'web.request'];

/** @throws TypeError naming `operationName` when it is not one of the supported names. */
export function checkOperationName(value: unknown): RequestOperationName {
  if (value === undefined) return 'next.request';
  if (OPERATION_NAMES.includes(value as RequestOperationName)) return value as RequestOperationName;
  throw new TypeError(
    `@dd-otel/next: option "operationName" must be 'next.request' or 'web.request', got ${describe(value)}`,
  );
}

/**
 * Separates the Next.js options from the ones `@dd-otel/core` validates itself.
 * @throws TypeError when `options` is not an object or a Next.js option is invalid.
 */
export function splitRegisterOptions(options: unknown): {
  operationName: RequestOperationName;
  /** Also left in `coreOptions`: when registerDatadog creates the tracer, it follows them too. */
  webOptions: CheckedNextWebOptions;
  coreOptions: DatadogOptions | undefined;
} {
  if (options === undefined) return { operationName: 'next.request', webOptions: NO_WEB_OPTIONS, coreOptions: undefined };
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new TypeError(`@dd-otel/next: registerDatadog(options) expects an object, got ${describe(options)}`);
  }
  const { operationName, ...coreOptions } = options as NextDatadogOptions;
  return {
    operationName: checkOperationName(operationName),
    webOptions: checkWebOptions(coreOptions),
    coreOptions,
  };
}

/** @throws TypeError naming the option that is invalid. */
export function checkProcessorOptions(options: unknown): NextSpanProcessorOptions {
  if (options === undefined) return {};
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new TypeError(`@dd-otel/next: createNextSpanProcessor(options) expects an object, got ${describe(options)}`);
  }
  const { operationName, queryStringObfuscation, isServerErrorStatus } = options as NextSpanProcessorOptions;
  checkOperationName(operationName);
  if (queryStringObfuscation !== undefined && queryStringObfuscation !== false && !(queryStringObfuscation instanceof RegExp)) {
    throw new TypeError(
      `@dd-otel/next: option "queryStringObfuscation" must be a RegExp or false, got ${describe(queryStringObfuscation)}`,
    );
  }
  if (isServerErrorStatus !== undefined && typeof isServerErrorStatus !== 'function') {
    throw new TypeError(
      `@dd-otel/next: option "isServerErrorStatus" must be a function, got ${describe(isServerErrorStatus)}`,
    );
  }
  return options as NextSpanProcessorOptions;
}
