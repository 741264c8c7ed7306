/** The package name: instrumentation scope of its spans, prefix of its messages. */
export const PACKAGE_NAME = '@dd-otel/nestjs';
export const VERSION = '0.1.0';
