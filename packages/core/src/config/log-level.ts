import { DiagLogLevel } from '../internal/otel-api.js';
import type { DatadogOptions } from './options.js';
import type { EnvReader } from './env-reader.js';
import { parsed, rejected } from './parse.js';
import type { Parsed } from './parse.js';

export type LogLevel = NonNullable<DatadogOptions['logLevel']>;

export const LOG_LEVELS: readonly LogLevel[] = ['none', 'error', 'warn', 'info', 'debug', 'verbose', 'all'];
export const DEFAULT_LOG_LEVEL: LogLevel = 'warn';

/** Datadog and OTel spellings that mean one of our levels. */
const LEVEL_ALIASES: ReadonlyMap<string, LogLevel> = new Map([
  ['off', 'none'],
  ['critical', 'error'],
  ['warning', 'warn'],
  ['trace', 'verbose'],
]);

/** Case-insensitive; accepts OTel names (`NONE`…`ALL`) and dd-trace's (`off`, `trace`, `critical`). */
export function parseLogLevel(raw: string): Parsed<LogLevel> {
  const key = raw.trim().toLowerCase();
  const level = LEVEL_ALIASES.get(key) ?? LOG_LEVELS.find((candidate) => candidate === key);
  return level === undefined ? rejected(`expected one of ${LOG_LEVELS.join(', ')}`) : parsed(level);
}

/**
 * Log level: option > `DD_TRACE_LOG_LEVEL` > `DD_LOG_LEVEL` > `OTEL_LOG_LEVEL` > `debug` when
 * `DD_TRACE_DEBUG` is true > `warn`. An explicit level wins over the debug switch, so
 * `DD_TRACE_DEBUG=true DD_TRACE_LOG_LEVEL=info` logs at info, like dd-trace-js.
 */
export function resolveLogLevel(options: DatadogOptions, reader: EnvReader): LogLevel {
  return (
    options.logLevel ??
    reader.parse('DD_TRACE_LOG_LEVEL', parseLogLevel) ??
    reader.parse('DD_LOG_LEVEL', parseLogLevel) ??
    reader.parse('OTEL_LOG_LEVEL', parseLogLevel) ??
    (reader.boolean('DD_TRACE_DEBUG') === true ? 'debug' : DEFAULT_LOG_LEVEL)
  );
}

const DIAG_LEVELS: Readonly<Record<LogLevel, DiagLogLevel>> = {
  none: DiagLogLevel.NONE,
  error: DiagLogLevel.ERROR,
  warn: DiagLogLevel.WARN,
  info: DiagLogLevel.INFO,
  debug: DiagLogLevel.DEBUG,
  verbose: DiagLogLevel.VERBOSE,
  all: DiagLogLevel.ALL,
};

/** The OTel `DiagLogLevel` for a resolved level, for `diag.setLogger(logger, { logLevel })`. */
export function toDiagLogLevel(level: LogLevel): DiagLogLevel {
  return DIAG_LEVELS[level];
}
