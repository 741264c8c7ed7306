import type { ResolvedConfig } from '../config/options.js';
import type { EncoderOptions } from '../encode/encoder-options.js';
import type { TraceEncoder } from '../encode/span-record.js';
import type { ContainerIdentity } from './request-headers.js';
import type { RetryPolicyOptions } from './retry-policy.js';

// What an AgentExporter accepts, and the checks that turn a wrong option into a TypeError naming it.

export type ProtocolVersion = ResolvedConfig['protocolVersion'];

export interface AgentExporterOptions {
  config: Pick<ResolvedConfig, 'agentUrl' | 'protocolVersion' | 'flushIntervalMs' | 'maxQueuedBytes'> &
    Partial<Pick<ResolvedConfig, 'externalEnv'>>;
  /** Default: the real msgpack encoders. */
  createEncoder?: (version: ProtocolVersion, options: EncoderOptions) => TraceEncoder;
  /** Receives the Agent's `rate_by_service` from each answer that carries one. */
  onRates?: (rateByService: Record<string, number>) => void;
  /** Sent as `Datadog-Meta-Tracer-Version`. */
  tracerVersion: string;
  /** Timeout of one Agent request, response included. Default 2000 ms. */
  requestTimeoutMs?: number;
  /** Longest `shutdown()` waits for the Agent. Default 5000 ms. */
  shutdownTimeoutMs?: number;
  /** Longest `flush()` waits for the Agent (holding the process meanwhile). Default 8000 ms. */
  flushTimeoutMs?: number;
  /**
   * Pending payload size that sends it at once. Default 1 MiB: small payloads leave the process
   * soon after their spans end, and several may wait in the queue under `maxQueuedBytes`
   * (dd-trace-js waits for 8 MiB, spec §7.5, which costs memory for no gain on loopback).
   */
  flushThresholdBytes?: number;
  /** Back-off between attempts. Default 250 ms doubling, cap 8 s, 5 attempts. */
  retry?: RetryPolicyOptions;
  /** Least time between two `/info` attempts after a failure. Default 60 s. */
  infoRetryIntervalMs?: number;
  /** Default: read from `/proc/self/cgroup` on the first request. */
  containerIdentity?: ContainerIdentity;
}

export const MIB = 1024 * 1024;
export const DEFAULT_FLUSH_THRESHOLD_BYTES = MIB;

export function checkDuration(name: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new TypeError(`${name} must be a finite number >= 0, got ${String(value)}`);
  }
  return value;
}

export function checkOptions(options: AgentExporterOptions): void {
  if (typeof options !== 'object' || options === null) throw new TypeError('options must be an object');
  if (typeof options.config !== 'object' || options.config === null) throw new TypeError('config must be an object');
  if (typeof options.tracerVersion !== 'string') throw new TypeError('tracerVersion must be a string');
  const { protocolVersion } = options.config;
  if (protocolVersion !== '0.4' && protocolVersion !== '0.5') {
    throw new TypeError(`config.protocolVersion must be '0.4' or '0.5', got ${String(protocolVersion)}`);
  }
  for (const name of ['createEncoder', 'onRates'] as const) {
    if (options[name] !== undefined && typeof options[name] !== 'function') throw new TypeError(`${name} must be a function`);
  }
}
