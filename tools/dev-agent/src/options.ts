export interface DevAgentOptions {
  /** TCP port to listen on; `0` (the default) picks a free port. */
  port?: number;
  /** Interface to bind; default `127.0.0.1` (loopback only). */
  host?: string;
  /** Trace chunks kept in memory; older ones are dropped (and counted). Default 1000. */
  maxTraces?: number;
  /** `rate_by_service` answered to every trace payload. Default `{"service:,env:": 1}`. */
  rateByService?: Record<string, number>;
  /** Value of `span_events` in `/info` (tells clients they may send native span events). Default true. */
  spanEvents?: boolean;
}

export interface ResolvedDevAgentOptions {
  port: number;
  host: string;
  maxTraces: number;
  rateByService: Record<string, number>;
  spanEvents: boolean;
}

export const DEFAULT_RATE_BY_SERVICE: Readonly<Record<string, number>> = Object.freeze({ 'service:,env:': 1 });
export const DEFAULT_MAX_TRACES = 1000;
export const DEFAULT_HOST = '127.0.0.1';

/** Validates options; a wrong option throws a TypeError naming it. */
export function resolveOptions(options: DevAgentOptions | undefined): ResolvedDevAgentOptions {
  if (options !== undefined && (options === null || typeof options !== 'object')) {
    throw new TypeError('startDevAgent: options must be an object');
  }
  const { port = 0, host = DEFAULT_HOST, maxTraces = DEFAULT_MAX_TRACES, spanEvents = true } = options ?? {};
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new TypeError(`startDevAgent: option "port" must be an integer 0..65535, got ${String(port)}`);
  }
  if (typeof host !== 'string' || host.trim() === '') {
    throw new TypeError(`startDevAgent: option "host" must be a non-empty string, got ${String(host)}`);
  }
  if (!Number.isInteger(maxTraces) || maxTraces < 1) {
    throw new TypeError(`startDevAgent: option "maxTraces" must be a positive integer, got ${String(maxTraces)}`);
  }
  if (typeof spanEvents !== 'boolean') {
    throw new TypeError(`startDevAgent: option "spanEvents" must be a boolean, got ${String(spanEvents)}`);
  }
  const rateByService = validateRateByService(options?.rateByService ?? DEFAULT_RATE_BY_SERVICE, 'rateByService');
  return { port, host, maxTraces, rateByService, spanEvents };
}

/** Checks a `rate_by_service` map (`"service:<name>,env:<env>" → rate in [0, 1]`) and copies it. */
export function validateRateByService(rates: unknown, optionName: string): Record<string, number> {
  if (rates === null || typeof rates !== 'object' || Array.isArray(rates)) {
    throw new TypeError(`option "${optionName}" must be an object mapping "service:<name>,env:<env>" to a rate`);
  }
  const entries = Object.entries(rates as Record<string, unknown>);
  for (const [key, rate] of entries) {
    if (typeof rate !== 'number' || !Number.isFinite(rate) || rate < 0 || rate > 1) {
      throw new TypeError(`option "${optionName}": rate for ${JSON.stringify(key)} must be a number in [0, 1], got ${String(rate)}`);
    }
  }
  return Object.fromEntries(entries) as Record<string, number>;
}
