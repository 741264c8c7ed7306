/** This package's version, sent as `Datadog-Meta-Tracer-Version`. A test keeps it equal to package.json. */
export const VERSION = '0.1.0';
