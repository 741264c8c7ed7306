import type { RequestOperationName } from './options.js';
import type { QueryObfuscation } from './url-parts.js';

/** Everything the span mapping needs to know, resolved once when the processor is created. */
export interface MappingSettings {
  readonly operationName: RequestOperationName;
  readonly queryObfuscation: QueryObfuscation;
  readonly isServerErrorStatus: (status: number) => boolean;
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
