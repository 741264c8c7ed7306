/**
 * Test support (not shipped: no entry point imports it). dd-otel initialised against a dev agent,
 * a span processor that notices spans left open or ended twice, and both Fastify majors.
 */
import type { AddressInfo } from 'node:net';
import type { Span } from '@opentelemetry/api';
import { init } from '@dd-otel/core';
import type { DatadogOptions, DatadogTracerProvider, ReadableSpanLike } from '@dd-otel/core';
import { startDevAgent } from '@dd-otel/dev-agent';
import type { DevAgent, DevAgentSpan } from '@dd-otel/dev-agent';
import Fastify5 from 'fastify';
import type { FastifyInstance } from 'fastify';
import Fastify4 from 'fastify4';

export type FastifyFactory = typeof Fastify5;

/** The Fastify factories under test; v4 is typed as v5 (the plugin reads only what both have). */
export const FASTIFY_MAJORS: ReadonlyArray<{ label: string; Fastify: FastifyFactory }> = [
  { label: 'fastify 5', Fastify: Fastify5 },
  { label: 'fastify 4', Fastify: Fastify4 as unknown as FastifyFactory },
];

export interface TestTracing {
  agent: DevAgent;
  provider: DatadogTracerProvider;
  /** Spans started and not ended yet. */
  openSpans(): string[];
  /** Span ids whose `end` reached the processors more than once. */
  endedTwice(): string[];
  /** Waits for `count` request spans (`fastify.request`) in the agent, in arrival order. */
  requestSpans(count: number): Promise<DevAgentSpan[]>;
  /** Waits for the request span of the request to `path` (no query string). */
  requestSpanFor(path: string): Promise<DevAgentSpan>;
  close(): Promise<void>;
}

/** Starts a dev agent and dd-otel sending to it, flushing every 10 ms. */
export async function startTestTracing(options: DatadogOptions = {}): Promise<TestTracing> {
  const agent = await startDevAgent({ port: 0 });
  const provider = init({ url: agent.url, service: 'fastify-test', flushInterval: 10, ...options });
  const open = new Map<string, string>();
  const ended = new Set<string>();
  const twice: string[] = [];
  provider.addSpanProcessor({
    onStart(span: Span) {
      open.set(span.spanContext().spanId, (span as unknown as { name?: string }).name ?? '?');
    },
    onEnd(span: ReadableSpanLike) {
      const id = span.spanContext().spanId;
      if (ended.has(id)) twice.push(id);
      ended.add(id);
      open.delete(id);
    },
    forceFlush: () => Promise.resolve(),
    shutdown: () => Promise.resolve(),
  });
  return {
    agent,
    provider,
    openSpans: () => [...open.entries()].map(([id, name]) => `${name} ${id}`),
    endedTwice: () => [...twice],
    async requestSpans(count) {
      const found = await agent.waitFor((spans) => {
        const requests = spans.filter((span) => span.name === 'fastify.request');
        return requests.length >= count ? requests : undefined;
      });
      return found;
    },
    requestSpanFor: (path) =>
      agent.waitFor((spans) => spans.find((span) => span.name === 'fastify.request' && span.meta['url.path'] === path)),
    async close() {
      await provider.shutdown();
      await agent.close();
    },
  };
}

/** Listens on a loopback port and returns the base URL. */
export async function listen(app: FastifyInstance): Promise<string> {
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  return `http://127.0.0.1:${port}`;
}

/** A request span's 64-bit ids as the agent shows them (16 hex) from an OTel span. */
export function agentIdOf(otelHexId: string): string {
  return otelHexId.slice(-16);
}
