import { diag } from '@opentelemetry/api';
import { PACKAGE_NAME } from './version.js';

/**
 * Diagnostics of this package: forwards to whatever logger the app registered with
 * `diag.setLogger()` at call time, prefixed with the package name; silent when there is none.
 */
export const logger = diag.createComponentLogger({ namespace: PACKAGE_NAME });
