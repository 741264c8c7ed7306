import { DiagConsoleLogger, DiagLogLevel, diag } from './otel-api.js';
import type { DiagLogger } from '@opentelemetry/api';
import { toDiagLogLevel } from '../config/log-level.js';
import type { ResolvedConfig } from '../config/options.js';

const API_GLOBAL = Symbol.for('opentelemetry.js.api.1');

/** True when the app (or anyone) registered a logger with `diag.setLogger()`. */
function hasDiagLogger(): boolean {
  const registry = (globalThis as Record<symbol, { diag?: unknown } | undefined>)[API_GLOBAL];
  return registry?.diag !== undefined;
}

/** A console logger whose level dd-otel can raise later (e.g. once `DD_TRACE_DEBUG` is resolved). */
class AdjustableConsoleLogger implements DiagLogger {
  level: DiagLogLevel = DiagLogLevel.WARN;
  private readonly console = new DiagConsoleLogger();
  error(message: string, ...args: unknown[]): void {
    if (this.level >= DiagLogLevel.ERROR) this.console.error(message, ...args);
  }
  warn(message: string, ...args: unknown[]): void {
    if (this.level >= DiagLogLevel.WARN) this.console.warn(message, ...args);
  }
  info(message: string, ...args: unknown[]): void {
    if (this.level >= DiagLogLevel.INFO) this.console.info(message, ...args);
  }
  debug(message: string, ...args: unknown[]): void {
    if (this.level >= DiagLogLevel.DEBUG) this.console.debug(message, ...args);
  }
  verbose(message: string, ...args: unknown[]): void {
    if (this.level >= DiagLogLevel.VERBOSE) this.console.verbose(message, ...args);
  }
}

let ourLogger: AdjustableConsoleLogger | undefined;

/**
 * Makes dd-otel's warnings visible when the app registered no diag logger of its own: without
 * one, the OTel API drops every message, and a mistyped environment variable would go unnoticed.
 * An app's own logger is never replaced.
 */
export function installDiagLogger(level: ResolvedConfig['logLevel']): void {
  if (ourLogger) {
    ourLogger.level = toDiagLogLevel(level);
    return;
  }
  if (hasDiagLogger()) return;
  ourLogger = new AdjustableConsoleLogger();
  ourLogger.level = toDiagLogLevel(level);
  diag.setLogger(ourLogger, { logLevel: DiagLogLevel.ALL, suppressOverrideMessage: true });
}
