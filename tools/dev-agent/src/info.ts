import { MAX_PAYLOAD_BYTES } from './validate-headers.js';

/** Agent version the dev agent reports (a current Agent, so version-gated clients behave). */
export const REPORTED_AGENT_VERSION = '7.70.0';
export const DEV_AGENT_VERSION = '0.1.0';

export const TRACE_ENDPOINTS = ['/v0.4/traces', '/v0.5/traces'] as const;

export interface InfoOptions {
  port: number;
  spanEvents: boolean;
}

/** The `GET /info` document, shaped like the Datadog Agent's (spec §7.7). */
export function buildInfo(options: InfoOptions): Record<string, unknown> {
  return {
    version: REPORTED_AGENT_VERSION,
    git_commit: 'dd-otel-dev-agent',
    dd_otel_dev_agent: DEV_AGENT_VERSION,
    // Only what is served here: a client must not pick /v0.7/traces or /v0.6/stats.
    endpoints: [...TRACE_ENDPOINTS, '/info'],
    feature_flags: [],
    // No /v0.6/stats here, so clients must send every trace, P0s included; and seeing them is the point.
    client_drop_p0s: false,
    span_meta_structs: true,
    long_running_spans: false,
    span_events: options.spanEvents,
    evp_proxy_allowed_headers: [],
    config: {
      default_env: 'none',
      target_tps: 10,
      max_eps: 200,
      receiver_port: options.port,
      receiver_socket: '',
      connection_limit: 0,
      receiver_timeout: 0,
      max_request_bytes: MAX_PAYLOAD_BYTES,
      statsd_port: 8125,
      max_memory: 0,
      max_cpu: 0,
      analyzed_spans_by_service: {},
      obfuscation: {
        elastic_search: false,
        mongo: false,
        sql_exec_plan: false,
        sql_exec_plan_normalize: false,
        http: { remove_query_string: false, remove_path_digits: false },
        remove_stack_traces: false,
        redis: { Enabled: false, RemoveAllArgs: false },
        memcached: { Enabled: false, KeepCommand: false },
      },
    },
    peer_tags: [],
    span_kinds_stats_computed: [],
    obfuscation_version: 1,
  };
}
