/** This package's version; a test keeps it equal to package.json's. */
export const VERSION = '0.1.0';

/** npm name: the tracer's instrumentation scope, the Fastify plugin name and the prefix of option errors. */
export const PACKAGE_NAME = '@dd-otel/fastify';
