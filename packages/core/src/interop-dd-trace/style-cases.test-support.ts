/**
 * Test support (not shipped). The propagation styles the interop test runs with, each as: the
 * environment both services get, the headers an upstream Datadog service would send in that
 * style, and what the style can carry (B3 has no room for `_dd.p.*` tags or for USER_REJECT).
 */
import { randomBytes } from 'node:crypto';

export type ServiceName = 'ddtrace-svc' | 'ddotel-svc';
/** Who sends a header: the test (playing an upstream service) or one of the two services. */
export type Sender = 'upstream' | ServiceName;

/** Decision maker the simulated upstream reports with USER_KEEP (manual keep). */
export const UPSTREAM_KEEP_MECHANISM = '-4';

export interface UpstreamContext {
  /** 32 lower-hex chars, upper half non-zero. */
  readonly traceId: string;
  /** 16 lower-hex chars. */
  readonly parentId: string;
  readonly priority: number;
}

export interface StyleCase {
  readonly label: string;
  /** Environment given to BOTH services (nothing = dd-trace's and dd-otel's shared default). */
  readonly env: Readonly<Record<string, string>>;
  /** Whether `_dd.p.*` trace tags (so `_dd.p.dm`) cross the wire in this style. */
  readonly carriesTraceTags: boolean;
  upstreamHeaders(upstream: UpstreamContext): Record<string, string>;
  /** The priority the receiver ends up with when `sender` sends `priority` in this style. */
  receivedPriority(priority: number, sender: Sender): number;
}

export function newUpstreamContext(priority: number): UpstreamContext {
  const upper = randomBytes(8);
  upper[0] = (upper[0] ?? 0) | 0x10; // never all zeros
  const lower = randomBytes(8);
  lower[0] = (lower[0] ?? 0) & 0x7f; // a positive int64, as every Datadog tracer generates
  return {
    traceId: upper.toString('hex') + lower.toString('hex'),
    parentId: randomBytes(8).toString('hex'),
    priority,
  };
}

function datadogHeaders({ traceId, parentId, priority }: UpstreamContext): Record<string, string> {
  const tags = [`_dd.p.tid=${traceId.slice(0, 16)}`];
  if (priority > 0) tags.push(`_dd.p.dm=${UPSTREAM_KEEP_MECHANISM}`);
  return {
    'x-datadog-trace-id': BigInt(`0x${traceId.slice(16)}`).toString(),
    'x-datadog-parent-id': BigInt(`0x${parentId}`).toString(),
    'x-datadog-sampling-priority': String(priority),
    'x-datadog-tags': tags.join(','),
  };
}

function traceContextHeaders({ traceId, parentId, priority }: UpstreamContext): Record<string, string> {
  const member = [`s:${priority}`, `p:${parentId}`];
  if (priority > 0) member.push(`t.dm:${UPSTREAM_KEEP_MECHANISM}`);
  return {
    traceparent: `00-${traceId}-${parentId}-${priority > 0 ? '01' : '00'}`,
    tracestate: `dd=${member.join(';')}`,
  };
}

/** B3 knows sampled / not sampled / debug: USER_KEEP → debug, anything ≤ 0 → not sampled (0). */
function b3Priority(priority: number): number {
  if (priority >= 2) return 2;
  return priority >= 1 ? 1 : 0;
}

const lossless = (priority: number): number => priority;

export const STYLE_CASES: readonly StyleCase[] = [
  {
    label: 'default (datadog,tracecontext,baggage)',
    env: {},
    carriesTraceTags: true,
    upstreamHeaders: (upstream) => ({ ...datadogHeaders(upstream), ...traceContextHeaders(upstream) }),
    receivedPriority: lossless,
  },
  {
    label: 'datadog',
    env: { DD_TRACE_PROPAGATION_STYLE: 'datadog' },
    carriesTraceTags: true,
    upstreamHeaders: datadogHeaders,
    receivedPriority: lossless,
  },
  {
    label: 'tracecontext',
    env: { DD_TRACE_PROPAGATION_STYLE: 'tracecontext' },
    carriesTraceTags: true,
    upstreamHeaders: traceContextHeaders,
    receivedPriority: lossless,
  },
  {
    label: 'b3multi',
    env: { DD_TRACE_PROPAGATION_STYLE: 'b3multi' },
    carriesTraceTags: false,
    upstreamHeaders: ({ traceId, parentId, priority }) => ({
      'x-b3-traceid': traceId,
      'x-b3-spanid': parentId,
      'x-b3-sampled': priority > 0 ? '1' : '0',
      ...(priority >= 2 ? { 'x-b3-flags': '1' } : {}),
    }),
    receivedPriority: b3Priority,
  },
  {
    // dd-trace@5 reads `b3` in DD_TRACE_PROPAGATION_STYLE as MULTI-header (v6 and dd-otel: single);
    // `b3 single header` means the single header in both.
    label: 'b3 single header',
    env: { DD_TRACE_PROPAGATION_STYLE: 'b3 single header' },
    carriesTraceTags: false,
    upstreamHeaders: b3SingleHeader,
    receivedPriority: b3SinglePriority,
  },
  {
    // Through OTEL_PROPAGATORS, dd-trace@5 reads `b3` as the single header but still INJECTS the
    // multi headers (so it keeps USER_KEEP as `x-b3-flags: 1`); dd-otel reads and writes the
    // single header, and must fall back to the multi headers to continue dd-trace's traces.
    label: 'b3 via OTEL_PROPAGATORS',
    env: { OTEL_PROPAGATORS: 'b3' },
    carriesTraceTags: false,
    upstreamHeaders: b3SingleHeader,
    receivedPriority: b3Priority,
  },
];

function b3SingleHeader({ traceId, parentId, priority }: UpstreamContext): Record<string, string> {
  const state = priority >= 2 ? 'd' : priority >= 1 ? '1' : '0';
  return { b3: `${traceId}-${parentId}-${state}` };
}

/** dd-trace@5's single-header injector writes `1` for USER_KEEP (never `d`); dd-otel writes `d`. */
function b3SinglePriority(priority: number, sender: Sender): number {
  const received = b3Priority(priority);
  return sender === 'ddtrace-svc' ? Math.min(received, 1) : received;
}
