import { diag } from './otel-api.js';
import type { DiagLogger } from '@opentelemetry/api';

/**
 * Diagnostics logger for everything in @dd-otel/core. It forwards to whatever logger the app
 * registered with `diag.setLogger()` at call time, prefixed with the package name, and is silent
 * when none is registered.
 */
export const logger: DiagLogger = diag.createComponentLogger({ namespace: '@dd-otel/core' });
