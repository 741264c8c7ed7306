/**
 * Test support (not shipped). One request client → first service `/call-*` → second service
 * `/ping` yields three spans: the first service's SERVER and CLIENT spans and the second
 * service's SERVER span. This finds them in the dev agent and reads the per-chunk trace tags.
 */
import type { DevAgent, DevAgentSpan } from '@dd-otel/dev-agent';
import type { ServiceName } from './style-cases.test-support.js';

export const SPANS_PER_HOP = 3;
const WAIT_MS = 10_000;

export interface HopSpans {
  readonly firstServer: DevAgentSpan;
  readonly firstClient: DevAgentSpan;
  readonly secondServer: DevAgentSpan;
  readonly all: readonly DevAgentSpan[];
}

/**
 * Waits until the trace (looked up by its low 64 bits, so a lost upper half still finds it) has
 * three spans, then picks them by service and `span.kind`.
 */
export async function waitForHop(
  agent: DevAgent,
  traceId: string,
  first: ServiceName,
  second: ServiceName,
): Promise<HopSpans> {
  const lowHex = traceId.slice(-16);
  const all = await agent.waitFor(() => {
    const spans = agent.findTrace(lowHex);
    return spans.length >= SPANS_PER_HOP ? spans : undefined;
  }, WAIT_MS);
  return {
    firstServer: pick(all, first, 'server'),
    firstClient: pick(all, first, 'client'),
    secondServer: pick(all, second, 'server'),
    all,
  };
}

function pick(spans: readonly DevAgentSpan[], service: ServiceName, kind: 'server' | 'client'): DevAgentSpan {
  const found = spans.filter((span) => span.service === service && span.meta['span.kind'] === kind);
  if (found.length !== 1) {
    const seen = spans.map((span) => `${span.service}/${span.meta['span.kind'] ?? '?'}/${span.name}`).join(', ');
    throw new Error(`expected one ${kind} span of ${service}, found ${found.length} among [${seen}]`);
  }
  return found[0] as DevAgentSpan;
}

/**
 * The values of a trace tag (sent on each chunk's first span) across one service's spans,
 * deduplicated: `[]` when no span has it, one value when the chunk is consistent.
 */
export function chunkTagValues(spans: readonly DevAgentSpan[], service: ServiceName, tag: string): string[] {
  const values = spans.filter((span) => span.service === service).flatMap((span) => span.meta[tag] ?? []);
  return [...new Set(values)];
}

/** `_sampling_priority_v1` of every span, by `service/kind`, for one readable comparison. */
export function prioritiesBySpan(hop: HopSpans): Record<string, number | undefined> {
  return {
    firstServer: hop.firstServer.metrics._sampling_priority_v1,
    firstClient: hop.firstClient.metrics._sampling_priority_v1,
    secondServer: hop.secondServer.metrics._sampling_priority_v1,
  };
}
