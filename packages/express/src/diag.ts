import { diag } from '@opentelemetry/api';
import type { DiagLogger } from '@opentelemetry/api';

/** Diagnostics of @dd-otel/express, through whatever logger the app registered with `diag.setLogger()`. */
export const logger: DiagLogger = diag.createComponentLogger({ namespace: '@dd-otel/express' });
