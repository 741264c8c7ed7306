import type { SpanProcessor } from '../provider/span-processor.js';

/** Propagation styles understood by dd-otel (`DD_TRACE_PROPAGATION_STYLE` values). */
export type PropagationStyle = 'datadog' | 'tracecontext' | 'b3' | 'b3multi' | 'baggage' | 'none';

/**
 * What extraction does with a valid incoming trace context (`DD_TRACE_PROPAGATION_BEHAVIOR_EXTRACT`).
 * `continue` joins it; `restart` starts a new trace whose first span links to it (baggage kept);
 * `ignore` drops the incoming trace context and baggage alike.
 */
export type PropagationBehaviorExtract = 'continue' | 'restart' | 'ignore';

/** How OTel spans get their Datadog operation name and resource. */
export type NamingMode =
  /** dd-trace-js parity: the span name is the operation name, the resource defaults to it. */
  | 'datadog'
  /** The Datadog Agent's OTLP "V2" rules: operation and resource computed from attributes. */
  | 'otel-v2';

/** One entry of `DD_TRACE_SAMPLING_RULES` (snake_case in JSON, camelCase here). */
export interface SamplingRule {
  service?: string;
  name?: string;
  resource?: string;
  tags?: Record<string, string>;
  sampleRate: number;
  maxPerSecond?: number;
  provenance?: 'customer' | 'dynamic' | 'local';
}

/**
 * A single-span sampling rule (`DD_SPAN_SAMPLING_RULES`): spans it matches are kept, at its rate
 * and within its `maxPerSecond`, even when their trace is dropped.
 */
export interface SpanSamplingRule {
  /** Glob on the span's service. */
  service?: string;
  /** Glob on the span's Datadog operation name. */
  name?: string;
  /** 0..1, default 1. */
  sampleRate?: number;
  /** Spans kept per second at most by this rule; unlimited when absent. */
  maxPerSecond?: number;
}

/** Header → tag mapping, as in `DD_TRACE_HEADER_TAGS` (`x-request-id:request.id`). */
export interface HeaderTag {
  /** Lower-cased header name. */
  header: string;
  /** Tag name; when absent the plugin uses `http.request.headers.<header>` / `http.response.headers.<header>`. */
  tag?: string;
}

/**
 * Options for `init()` / `new DatadogTracerProvider()`. Every option wins over its environment
 * variable, which wins over the OTel variable, which wins over the default.
 */
export interface DatadogOptions {
  /** Service name. Env: `DD_SERVICE`, `OTEL_SERVICE_NAME`. Default: the app's package.json name, else `node`. */
  service?: string;
  /** Environment. Env: `DD_ENV`, `deployment.environment(.name)` in `OTEL_RESOURCE_ATTRIBUTES`. */
  env?: string;
  /** Application version. Env: `DD_VERSION`, `service.version`. Default: the app's package.json version. */
  version?: string;
  /** Tags added to every span. Env: `DD_TAGS` (`k:v,k2:v2`), `OTEL_RESOURCE_ATTRIBUTES`. */
  tags?: Record<string, string>;
  /** Turn tracing off (spans are non-recording; context still propagates). Env: `DD_TRACE_ENABLED`, `OTEL_SDK_DISABLED`, `OTEL_TRACES_EXPORTER=none`. */
  enabled?: boolean;
  /** Agent URL: `http://host:port` or `unix:///path.sock`. Env: `DD_TRACE_AGENT_URL`. */
  url?: string;
  /** Agent host. Env: `DD_AGENT_HOST`. Default `127.0.0.1`. */
  hostname?: string;
  /** Agent port. Env: `DD_TRACE_AGENT_PORT`. Default `8126`. */
  port?: number;
  /** Wire protocol. Env: `DD_TRACE_AGENT_PROTOCOL_VERSION`. Default `0.4`. */
  protocolVersion?: '0.4' | '0.5';
  /** Milliseconds between flushes. Env: `DD_TRACE_FLUSH_INTERVAL`. Default 2000. */
  flushInterval?: number;
  /** Finished spans of one open trace that trigger a partial flush. Env: `DD_TRACE_PARTIAL_FLUSH_MIN_SPANS`. Default 1000. */
  flushMinSpans?: number;
  /** Cap on encoded-but-unsent payload bytes; past it traces are dropped and counted. Env: `DD_TRACE_MAX_QUEUED_BYTES`. Default 32 MiB: room for a ~100 ms Agent stall at full burst rate. */
  maxQueuedBytes?: number;
  /** Span events as native `span_events` (`true`), as meta JSON (`false`) or as the Agent's `/info` says (`'auto'`). Env: `DD_TRACE_NATIVE_SPAN_EVENTS`. Default `'auto'`. */
  nativeSpanEvents?: boolean | 'auto';
  /** Naming rules. Env: `DD_TRACE_OTEL_NAMING`. Default `'datadog'`. */
  naming?: NamingMode;
  /** Generate 128-bit trace ids. Env: `DD_TRACE_128_BIT_TRACEID_GENERATION_ENABLED`. Default true. */
  traceId128BitGeneration?: boolean;
  /** Add `_dd.hostname`. Env: `DD_TRACE_REPORT_HOSTNAME`. Default false. */
  reportHostname?: boolean;
  /** Global sample rate 0..1. Env: `DD_TRACE_SAMPLE_RATE`, `OTEL_TRACES_SAMPLER(_ARG)`. */
  sampleRate?: number;
  /** Sampling rules, first match wins. Env: `DD_TRACE_SAMPLING_RULES`. */
  samplingRules?: SamplingRule[];
  /** Single-span rules: spans kept when their trace is dropped. Env: `DD_SPAN_SAMPLING_RULES`, `DD_SPAN_SAMPLING_RULES_FILE`. */
  spanSamplingRules?: SpanSamplingRule[];
  /** Traces per second kept by rules. Env: `DD_TRACE_RATE_LIMIT`. Default 100. */
  rateLimit?: number;
  /** Propagation styles for both directions, or per direction. Env: `DD_TRACE_PROPAGATION_STYLE(_INJECT|_EXTRACT)`, `OTEL_PROPAGATORS`. */
  propagationStyle?: PropagationStyle[] | { inject?: PropagationStyle[]; extract?: PropagationStyle[] };
  /** Stop at the first style that extracts a context. Env: `DD_TRACE_PROPAGATION_EXTRACT_FIRST`. Default false. */
  propagationExtractFirst?: boolean;
  /** Join incoming traces (`'continue'`), start a new one linked to them (`'restart'`), or ignore their headers and baggage (`'ignore'`). Env: `DD_TRACE_PROPAGATION_BEHAVIOR_EXTRACT`. Default `'continue'`. */
  propagationBehaviorExtract?: PropagationBehaviorExtract;
  /** HTTP header tags for web plugins. Env: `DD_TRACE_HEADER_TAGS`. */
  headerTags?: Array<string | HeaderTag>;
  /** Regexp that redacts query strings in `http.url`; `false` keeps them. Env: `DD_TRACE_OBFUSCATION_QUERY_STRING_REGEXP`. */
  queryStringObfuscation?: string | RegExp | false;
  /** Statuses that mark a server span as an error. Env: `DD_TRACE_HTTP_SERVER_ERROR_STATUSES`. Default `500-599`. */
  httpServerErrorStatuses?: string;
  /** Collect `http.client_ip`. Env: `DD_TRACE_CLIENT_IP_ENABLED`. Default false. */
  clientIpEnabled?: boolean;
  /**
   * The one header the client IP is read from (its first public address, else its first private
   * one), instead of the usual proxy headers and the socket; without it on a request, no client
   * IP. Case-insensitive. Only used when `clientIpEnabled`. Env: `DD_TRACE_CLIENT_IP_HEADER`.
   */
  clientIpHeader?: string;
  /**
   * Tag web request spans whose route is unknown (404s, unmatched paths) with `http.endpoint`, their
   * path normalised as dd-trace-js does (`/users/{param:int}`), so Datadog can group them. Their
   * resource stays `<METHOD>`. Env: `DD_TRACE_RESOURCE_RENAMING_ENABLED`. Default false.
   */
  resourceRenamingEnabled?: boolean;
  /** Diagnostics level. Env: `DD_TRACE_DEBUG`, `DD_TRACE_LOG_LEVEL`, `OTEL_LOG_LEVEL`. Default `warn`. */
  logLevel?: 'none' | 'error' | 'warn' | 'info' | 'debug' | 'verbose' | 'all';
  /** Extra OTel SDK span processors that receive every span (e.g. an OTLP BatchSpanProcessor). */
  spanProcessors?: SpanProcessor[];
}

/** Fully resolved configuration: computed once, frozen, passed down. */
export interface ResolvedConfig {
  readonly enabled: boolean;
  readonly service: string;
  readonly env: string | undefined;
  readonly version: string | undefined;
  /** Global tags without service/env/version. */
  readonly tags: Readonly<Record<string, string>>;
  /** Normalised agent URL, e.g. `http://127.0.0.1:8126` or `unix:///var/run/datadog/apm.socket`. */
  readonly agentUrl: string;
  readonly protocolVersion: '0.4' | '0.5';
  readonly flushIntervalMs: number;
  readonly flushMinSpans: number;
  readonly maxQueuedBytes: number;
  /** `DD_EXTERNAL_ENV` as set, sent as `Datadog-External-Env`; undefined when unset, blank or unsendable. */
  readonly externalEnv: string | undefined;
  readonly nativeSpanEvents: boolean | 'auto';
  readonly naming: NamingMode;
  readonly traceId128BitGeneration: boolean;
  readonly reportHostname: boolean;
  readonly sampleRate: number | undefined;
  readonly samplingRules: readonly SamplingRule[];
  readonly spanSamplingRules: readonly SpanSamplingRule[];
  readonly rateLimit: number;
  readonly propagationInject: readonly PropagationStyle[];
  readonly propagationExtract: readonly PropagationStyle[];
  readonly propagationExtractFirst: boolean;
  readonly propagationBehaviorExtract: PropagationBehaviorExtract;
  readonly xDatadogTagsMaxLength: number;
  readonly baggageMaxItems: number;
  readonly baggageMaxBytes: number;
  readonly baggageTagKeys: readonly string[];
  readonly headerTags: readonly HeaderTag[];
  /** `undefined` = no obfuscation. */
  readonly queryStringObfuscation: RegExp | undefined;
  /** Returns true when a server status code is an error. */
  readonly isServerErrorStatus: (status: number) => boolean;
  readonly clientIpEnabled: boolean;
  /** Lower-cased; undefined reads the usual proxy header list. */
  readonly clientIpHeader: string | undefined;
  readonly resourceRenamingEnabled: boolean;
  readonly logLevel: NonNullable<DatadogOptions['logLevel']>;
  readonly spanProcessors: readonly SpanProcessor[];
  /** UUID v4, one per process. */
  readonly runtimeId: string;
}
