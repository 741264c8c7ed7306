/**
 * Test support: dd-otel initialised against a dev agent, and requests that carry their own
 * trace id so each request's spans can be found among all the agent received.
 */
import { randomBytes } from 'node:crypto';
import { init } from '@dd-otel/core';
import type { DatadogTracerProvider } from '@dd-otel/core';
import { startDevAgent } from '@dd-otel/dev-agent';
import type { DevAgent, DevAgentSpan } from '@dd-otel/dev-agent';

export interface TestTracing {
  agent: DevAgent;
  provider: DatadogTracerProvider;
  close(): Promise<void>;
}

/** Starts a dev agent and dd-otel sending to it, flushing every 10 ms. One per test file. */
export async function startTestTracing(): Promise<TestTracing> {
  const agent = await startDevAgent({ port: 0 });
  const provider = init({ url: agent.url, service: 'nest-test', flushInterval: 10 });
  return {
    agent,
    provider,
    async close() {
      await provider.shutdown();
      await agent.close();
    },
  };
}

export interface TracedResponse {
  status: number;
  body: string;
  contentType: string | null;
  /** 32 hex: the trace the request continued (sent as `traceparent`). */
  traceId: string;
  /** 16 hex: the client span id the request span must have as parent. */
  clientSpanId: string;
  json<T = Record<string, unknown>>(): T;
}

/** GET `path` with a fresh `traceparent`, so its spans are the ones of `traceId`. */
export async function tracedGet(baseUrl: string, path: string, headers: Record<string, string> = {}): Promise<TracedResponse> {
  const traceId = randomBytes(16).toString('hex');
  const clientSpanId = randomBytes(8).toString('hex');
  const response = await fetch(baseUrl + path, {
    headers: { traceparent: `00-${traceId}-${clientSpanId}-01`, ...headers },
  });
  const body = await response.text();
  return {
    status: response.status,
    body,
    contentType: response.headers.get('content-type'),
    traceId,
    clientSpanId,
    json: <T>() => JSON.parse(body) as T,
  };
}

/** The spans of a request's trace, once its server span arrived (the chunk comes whole). */
export async function spansOf(agent: DevAgent, response: TracedResponse): Promise<DevAgentSpan[]> {
  const low = response.traceId.slice(16);
  return agent.waitFor((spans) => {
    const ofTrace = spans.filter((span) => span.traceId === low);
    return ofTrace.some((span) => span.meta['span.kind'] === 'server') ? ofTrace : undefined;
  });
}

/** The one server span among `spans`; fails the test when there are none or several. */
export function serverSpanOf(spans: DevAgentSpan[]): DevAgentSpan {
  const servers = spans.filter((span) => span.meta['span.kind'] === 'server');
  if (servers.length !== 1) throw new Error(`expected one server span, got ${servers.length}: ${spans.map((s) => s.name).join(', ')}`);
  return servers[0]!;
}

export function spanNamed(spans: DevAgentSpan[], name: string): DevAgentSpan {
  const span = spans.find((candidate) => candidate.name === name);
  if (span === undefined) throw new Error(`no span named ${name}; got ${spans.map((s) => s.name).join(', ')}`);
  return span;
}
