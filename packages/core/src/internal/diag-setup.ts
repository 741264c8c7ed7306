import { DiagConsoleLogger, DiagLogLevel, diag } from '@opentelemetry/api';
import type { ResolvedConfig } from '../config/options.js';

const LEVELS: Record<ResolvedConfig['logLevel'], DiagLogLevel> = {
  none: DiagLogLevel.NONE,
  error: DiagLogLevel.ERROR,
  warn: DiagLogLevel.WARN,
  info: DiagLogLevel.INFO,
  debug: DiagLogLevel.DEBUG,
  verbose: DiagLogLevel.VERBOSE,
  all: DiagLogLevel.ALL,
};

const API_GLOBAL = Symbol.for('opentelemetry.js.api.1');
let installedByUs = false;

/** True when the app (or anyone) registered a logger with `diag.setLogger()`. */
function hasDiagLogger(): boolean {
  const registry = (globalThis as Record<symbol, { diag?: unknown } | undefined>)[API_GLOBAL];
  return registry?.diag !== undefined;
}

/**
 * Makes dd-otel's warnings visible when the app registered no diag logger of its own: without
 * one, the OTel API drops every message, and a mistyped environment variable would go unnoticed.
 * An app's own logger is never replaced.
 */
export function installDiagLogger(level: ResolvedConfig['logLevel']): void {
  if (hasDiagLogger() && !installedByUs) return;
  diag.setLogger(new DiagConsoleLogger(), { logLevel: LEVELS[level], suppressOverrideMessage: true });
  installedByUs = true;
}
