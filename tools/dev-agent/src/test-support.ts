/**
 * Helpers for this package's tests: hand-built v0.4 / v0.5 payloads and a poster. Not exported
 * from the package. Integers that must be exact on the wire are BigInts (msgpackr writes a JS
 * number ≥ 2^32 as float64, and a BigInt as int64/uint64).
 */
import { Packr } from 'msgpackr';
import type { DevAgent } from './server.js';

const packr = new Packr({ useRecords: false, variableMapSize: true });

export function pack(value: unknown): Buffer {
  return packr.pack(value);
}

/** A valid v0.4 span map with overridable fields; `undefined` overrides remove the field. */
export function wireSpan(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const span: Record<string, unknown> = {
    trace_id: 0x1234n,
    span_id: 0x1234n,
    parent_id: 0n,
    name: 'web.request',
    resource: 'GET /users/:id',
    service: 'users-api',
    type: 'web',
    error: 0,
    start: 1_700_000_000_123_456_789n,
    duration: 2_500_000,
    meta: { 'span.kind': 'server' },
    metrics: { _sampling_priority_v1: 1 },
    ...overrides,
  };
  for (const [key, value] of Object.entries(span)) if (value === undefined) delete span[key];
  return span;
}

/** Headers a Datadog tracer sends; `traceCount` fills X-Datadog-Trace-Count. */
export function tracerHeaders(traceCount: number, overrides: Record<string, string | undefined> = {}): Record<string, string> {
  const headers: Record<string, string | undefined> = {
    'Content-Type': 'application/msgpack',
    'Datadog-Meta-Lang': 'nodejs',
    'Datadog-Meta-Lang-Version': process.version,
    'Datadog-Meta-Tracer-Version': '0.1.0',
    'X-Datadog-Trace-Count': String(traceCount),
    ...overrides,
  };
  return Object.fromEntries(Object.entries(headers).filter((entry): entry is [string, string] => entry[1] !== undefined));
}

export interface PostResult {
  status: number;
  body: unknown;
  headers: Headers;
}

/** PUTs a body to the agent with tracer headers (trace count = `traceCount`). */
export async function putTraces(
  agent: DevAgent,
  path: '/v0.4/traces' | '/v0.5/traces',
  body: Uint8Array | string,
  traceCount: number,
  headerOverrides: Record<string, string | undefined> = {},
): Promise<PostResult> {
  const response = await fetch(`${agent.url}${path}`, {
    method: 'PUT',
    headers: tracerHeaders(traceCount, headerOverrides),
    body,
  });
  const text = await response.text();
  return { status: response.status, body: text === '' ? undefined : JSON.parse(text), headers: response.headers };
}

/** PUTs v0.4 msgpack traces (arrays of span objects). */
export function putV04(agent: DevAgent, traces: unknown[], headerOverrides: Record<string, string | undefined> = {}): Promise<PostResult> {
  return putTraces(agent, '/v0.4/traces', pack(traces), traces.length, headerOverrides);
}

export async function getJson(agent: DevAgent, path: string): Promise<{ status: number; body: any }> {
  const response = await fetch(`${agent.url}${path}`);
  const text = await response.text();
  return { status: response.status, body: text === '' ? undefined : JSON.parse(text) };
}

/**
 * A v0.5 payload builder: `str()` interns strings into the table, `span()` builds the 12-element
 * positional array with sensible defaults.
 */
export class V05Payload {
  readonly strings: string[] = [''];
  readonly traces: unknown[][] = [];

  str(value: string): number {
    const existing = this.strings.indexOf(value);
    if (existing >= 0) return existing;
    this.strings.push(value);
    return this.strings.length - 1;
  }

  span(fields: {
    service?: string; name?: string; resource?: string; traceId?: bigint; spanId?: bigint; parentId?: bigint;
    start?: bigint; duration?: number; error?: number; meta?: Record<string, string>; metrics?: Record<string, number>; type?: string;
  } = {}): unknown[] {
    const meta = new Map<number, number>();
    for (const [key, value] of Object.entries(fields.meta ?? {})) meta.set(this.str(key), this.str(value));
    const metrics = new Map<number, number>();
    for (const [key, value] of Object.entries(fields.metrics ?? {})) metrics.set(this.str(key), value);
    return [
      this.str(fields.service ?? 'users-api'),
      this.str(fields.name ?? 'web.request'),
      this.str(fields.resource ?? 'GET /'),
      fields.traceId ?? 0x55n,
      fields.spanId ?? 0x55n,
      fields.parentId ?? 0n,
      fields.start ?? 1_700_000_000_000_000_001n,
      fields.duration ?? 1000,
      fields.error ?? 0,
      meta,
      metrics,
      this.str(fields.type ?? ''),
    ];
  }

  encode(): Buffer {
    return pack([this.strings, this.traces]);
  }
}
