/**
 * The one place in @dd-otel/core that reads `process.env`. Everything downstream works on the
 * returned snapshot, so configuration logic stays pure and tests pass a fake environment.
 */

/** Every environment variable dd-otel core reads, in no particular order. */
export const ENVIRONMENT_VARIABLE_NAMES = [
  // Identity and tags
  'DD_SERVICE',
  'DD_SERVICE_NAME',
  'OTEL_SERVICE_NAME',
  'DD_ENV',
  'DD_VERSION',
  'DD_TAGS',
  'DD_TRACE_TAGS',
  'DD_TRACE_GLOBAL_TAGS',
  'OTEL_RESOURCE_ATTRIBUTES',
  // On/off switches
  'DD_TRACE_ENABLED',
  'DD_TRACE_OTEL_ENABLED',
  'OTEL_SDK_DISABLED',
  'OTEL_TRACES_EXPORTER',
  // Agent connection and export
  'DD_TRACE_AGENT_URL',
  'DD_TRACE_URL',
  'DD_AGENT_HOST',
  'DD_TRACE_AGENT_HOSTNAME',
  'DD_TRACE_AGENT_PORT',
  'DD_TRACE_AGENT_PROTOCOL_VERSION',
  'DD_TRACE_FLUSH_INTERVAL',
  'DD_TRACE_PARTIAL_FLUSH_MIN_SPANS',
  'DD_TRACE_MAX_QUEUED_BYTES',
  'DD_TRACE_NATIVE_SPAN_EVENTS',
  'DD_EXTERNAL_ENV',
  // Span shape
  'DD_TRACE_OTEL_NAMING',
  'DD_TRACE_128_BIT_TRACEID_GENERATION_ENABLED',
  'DD_TRACE_REPORT_HOSTNAME',
  // Sampling
  'DD_TRACE_SAMPLE_RATE',
  'OTEL_TRACES_SAMPLER',
  'OTEL_TRACES_SAMPLER_ARG',
  'DD_TRACE_SAMPLING_RULES',
  'DD_SPAN_SAMPLING_RULES',
  'DD_SPAN_SAMPLING_RULES_FILE',
  'DD_TRACE_RATE_LIMIT',
  // Propagation
  'DD_TRACE_PROPAGATION_STYLE',
  'DD_TRACE_PROPAGATION_STYLE_INJECT',
  'DD_TRACE_PROPAGATION_STYLE_EXTRACT',
  'OTEL_PROPAGATORS',
  'DD_TRACE_PROPAGATION_EXTRACT_FIRST',
  'DD_TRACE_PROPAGATION_BEHAVIOR_EXTRACT',
  'DD_TRACE_X_DATADOG_TAGS_MAX_LENGTH',
  'DD_TRACE_BAGGAGE_MAX_ITEMS',
  'DD_TRACE_BAGGAGE_MAX_BYTES',
  'DD_TRACE_BAGGAGE_TAG_KEYS',
  // Web plugins
  'DD_TRACE_HEADER_TAGS',
  'DD_TRACE_OBFUSCATION_QUERY_STRING_REGEXP',
  'DD_TRACE_HTTP_SERVER_ERROR_STATUSES',
  'DD_TRACE_CLIENT_IP_ENABLED',
  'DD_TRACE_CLIENT_IP_HEADER',
  'DD_TRACE_RESOURCE_RENAMING_ENABLED',
  // Diagnostics
  'DD_TRACE_DEBUG',
  'DD_TRACE_LOG_LEVEL',
  'DD_LOG_LEVEL',
  'OTEL_LOG_LEVEL',
] as const;

export type EnvironmentVariableName = (typeof ENVIRONMENT_VARIABLE_NAMES)[number];

/** Raw, unparsed values of the variables dd-otel reads; absent variables are `undefined`. */
export type EnvironmentSnapshot = Readonly<Partial<Record<EnvironmentVariableName, string>>>;

/**
 * Copies the variables dd-otel uses out of `env` (default `process.env`). Values are returned
 * exactly as set, including empty strings: some settings give `''` a meaning of its own.
 */
export function readEnvironment(env: NodeJS.ProcessEnv = process.env): EnvironmentSnapshot {
  const snapshot: Partial<Record<EnvironmentVariableName, string>> = {};
  for (const name of ENVIRONMENT_VARIABLE_NAMES) {
    const value = env[name];
    if (typeof value === 'string') snapshot[name] = value;
  }
  return Object.freeze(snapshot);
}
