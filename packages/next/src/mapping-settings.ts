import type { RequestOperationName } from './options.js';
import type { QueryObfuscation } from './url-parts.js';

/** Everything the span mapping needs to know, resolved once when the processor is created. */
export interface MappingSettings {
  readonly operationName: RequestOperationName;
  readonly queryObfuscation: QueryObfuscation;
  readonly isServerErrorStatus: (status: number) => boolean;
  /**
   * Client IP of the request whose span is starting, when collection is on. Only the Node.js
   * runtime sets it: the headers come from Node's HTTP server, not from Next's spans.
   */
  readonly clientIpOfCurrentRequest?: (() => string | undefined) | undefined;
  /** `http.endpoint` of the path of a request that matched no route, when resource renaming is on. */
  readonly endpointOf?: ((path: string) => string) | undefined;
}

/** dd-trace-js's default for `DD_TRACE_HTTP_SERVER_ERROR_STATUSES`. */
export function isDefaultServerErrorStatus(status: number): boolean {
  return status >= 500 && status <= 599;
}

/** The parts of `@dd-otel/core`'s resolved configuration the mapping follows. */
export interface DatadogConfigLike {
  readonly queryStringObfuscation: RegExp | undefined;
  readonly isServerErrorStatus: (status: number) => boolean;
}

/** Settings that follow a dd-otel provider's configuration (`DD_TRACE_OBFUSCATION_…`, `…_ERROR_STATUSES`). */
export function settingsFromDatadogConfig(
  operationName: RequestOperationName,
  config: DatadogConfigLike,
): MappingSettings {
  return {
    operationName,
    queryObfuscation: config.queryStringObfuscation,
    isServerErrorStatus: config.isServerErrorStatus,
  };
}

/** Recognises a dd-otel `ResolvedConfig` on a provider without importing `@dd-otel/core`. */
export function isDatadogConfig(value: unknown): value is DatadogConfigLike {
  if (value === null || typeof value !== 'object') return false;
  const config = value as Partial<DatadogConfigLike>;
  return (
    typeof config.isServerErrorStatus === 'function' &&
    (config.queryStringObfuscation === undefined || config.queryStringObfuscation instanceof RegExp)
  );
}
