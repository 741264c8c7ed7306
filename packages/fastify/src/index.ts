/**
 * @dd-otel/fastify: Datadog request spans for Fastify 4 and 5 through the OpenTelemetry API.
 * @module
 */
import { datadogFastify } from './plugin.js';

export { datadogFastify };
export type { DatadogFastifyOptions } from './types.js';
export default datadogFastify;
