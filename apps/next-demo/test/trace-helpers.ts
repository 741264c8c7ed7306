import { randomBytes } from 'node:crypto';
import type { DevAgent, DevAgentSpan } from '@dd-otel/dev-agent';

/** Datadog propagation headers for a fresh trace, and the ids to find it again. */
export function datadogHeaders(): { headers: Record<string, string>; traceId: string; parentId: string } {
  const traceId = randomBytes(8).readBigUInt64BE() >> 1n;
  const parentId = randomBytes(8).readBigUInt64BE() >> 1n;
  return {
    headers: {
      'x-datadog-trace-id': traceId.toString(),
      'x-datadog-parent-id': parentId.toString(),
      'x-datadog-sampling-priority': '1',
    },
    traceId: hex16(traceId),
    parentId: hex16(parentId),
  };
}

/** A W3C `traceparent` for a fresh 128-bit trace. */
export function w3cHeaders(): { headers: Record<string, string>; traceId128: string; parentId: string } {
  const traceId128 = randomBytes(16).toString('hex');
  const parentId = randomBytes(8).toString('hex');
  return { headers: { traceparent: `00-${traceId128}-${parentId}-01` }, traceId128, parentId };
}

function hex16(value: bigint): string {
  return value.toString(16).padStart(16, '0');
}

/**
 * Waits until the agent holds `roots` request spans of the trace, then returns all its spans.
 * A chunk reaches the agent only once every span of its local trace ended, so a request span's
 * children arrive with it.
 */
export async function waitForTrace(agent: DevAgent, traceId: string, roots = 1, timeoutMs = 20_000): Promise<DevAgentSpan[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const spans = agent.spans().filter((span) => span.traceId === traceId);
    if (spans.filter((span) => span.meta['span.kind'] === 'server').length >= roots) return spans;
    if (Date.now() > deadline) {
      throw new Error(`trace ${traceId}: ${roots} request span(s) not received; got ${spans.map((span) => span.name).join(', ') || 'none'}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export function named(spans: readonly DevAgentSpan[], name: string, resource?: string): DevAgentSpan {
  const found = spans.find((span) => span.name === name && (resource === undefined || span.resource === resource));
  if (found === undefined) {
    throw new Error(`no span ${name} ${resource ?? ''}; got ${spans.map((span) => `${span.name} (${span.resource})`).join(', ')}`);
  }
  return found;
}

/** True when `ancestor` is `span`'s parent, grandparent, … within `spans`. */
export function descendsFrom(spans: readonly DevAgentSpan[], span: DevAgentSpan, ancestor: DevAgentSpan): boolean {
  const byId = new Map(spans.map((candidate) => [candidate.spanId, candidate]));
  let current: DevAgentSpan | undefined = span;
  for (let depth = 0; current !== undefined && depth < 64; depth++) {
    if (current.parentId === ancestor.spanId) return true;
    current = byId.get(current.parentId);
  }
  return false;
}

export interface WireEvent {
  name: string;
  timeUnixNano: string;
  attributes: Record<string, unknown>;
}

/** Span events, whether they came as native `span_events` or as meta JSON. */
export function eventsOf(span: DevAgentSpan): WireEvent[] {
  if (span.spanEvents !== undefined) return span.spanEvents as WireEvent[];
  const json = span.meta.events;
  if (json === undefined) return [];
  return (JSON.parse(json) as Array<{ name: string; time_unix_nano: number; attributes?: Record<string, unknown> }>).map((event) => ({
    name: event.name,
    timeUnixNano: String(event.time_unix_nano),
    attributes: event.attributes ?? {},
  }));
}
