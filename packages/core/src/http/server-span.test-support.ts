/**
 * Test support (not shipped: no entry point imports it). A registered dd-otel provider whose
 * finished spans are kept in memory, and a loopback HTTP server whose requests are traced with
 * the shared server-span helpers, as a framework plugin would.
 */
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { context, propagation, trace } from '@opentelemetry/api';
import { afterEach, beforeEach } from 'vitest';
import type { DatadogOptions } from '../config/options.js';
import type { ReadableSpanLike, SpanProcessor } from '../provider/span-processor.js';
import { DatadogTracerProvider } from '../provider/tracer-provider.js';
import { createHttpServerTracing } from './http-server-tracing.js';
import type { HttpServerTracingInit } from './http-server-tracing.js';
import { startServerSpan } from './start-server-span.js';

export interface MemoryProvider {
  provider: DatadogTracerProvider;
  spans: ReadableSpanLike[];
  /** Resolves once `count` spans have ended. */
  waitForSpans(count: number): Promise<ReadableSpanLike[]>;
  close(): Promise<void>;
}

/** A stand-in Agent that accepts every payload, so the provider's exporter has somewhere to send. */
async function startSinkAgent(): Promise<{ url: string; close(): Promise<void> }> {
  const sink = createServer((req, res) => {
    req.resume();
    req.on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end('{"rate_by_service":{}}'));
  });
  await new Promise<void>((resolve) => sink.listen(0, '127.0.0.1', resolve));
  const { port } = sink.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => sink.close(() => resolve())),
  };
}

/** A registered provider that keeps ended spans in memory (and sends them to a sink agent). */
export async function startMemoryProvider(options: DatadogOptions = {}): Promise<MemoryProvider> {
  const sink = await startSinkAgent();
  const spans: ReadableSpanLike[] = [];
  let waiters: Array<() => void> = [];
  const processor: SpanProcessor = {
    onStart: () => undefined,
    onEnd: (span) => {
      spans.push(span);
      for (const wake of waiters) wake();
    },
    forceFlush: () => Promise.resolve(),
    shutdown: () => Promise.resolve(),
  };
  const provider = new DatadogTracerProvider({
    url: sink.url,
    service: 'http-test',
    flushInterval: 60_000,
    spanProcessors: [processor],
    ...options,
  });
  provider.register();
  return {
    provider,
    spans,
    waitForSpans: (count) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`waited for ${count} spans, got ${spans.length}`)), 5000);
        const check = (): void => {
          if (spans.length < count) return;
          clearTimeout(timer);
          waiters = waiters.filter((wake) => wake !== check);
          resolve(spans.slice(0, count));
        };
        waiters.push(check);
        check();
      }),
    async close() {
      await provider.shutdown();
      trace.disable();
      propagation.disable();
      context.disable();
      await sink.close();
    },
  };
}

export type Handler = (req: IncomingMessage, res: ServerResponse) => void;

export interface TracedServer {
  url: string;
  server: Server;
  close(): Promise<void>;
}

/** A loopback server that traces each request with `startServerSpan`, then calls `handler` in its context. */
export async function startTracedServer(
  handler: Handler,
  init: Partial<HttpServerTracingInit<IncomingMessage, ServerResponse>> = {},
): Promise<TracedServer> {
  const tracing = createHttpServerTracing<IncomingMessage, ServerResponse>({
    framework: 'test',
    packageName: '@dd-otel/test',
    ...init,
  });
  const server = createServer((req, res) => {
    const state = startServerSpan(tracing, req, res);
    if (state) context.with(state.context, handler, undefined, req, res);
    else handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    server,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export interface TracedServerFixture {
  /** The provider registered for the current test. */
  readonly memory: MemoryProvider;
  /** Starts the current test's server (closed after the test); resolves with its URL. */
  serve(handler: Handler, init?: Partial<HttpServerTracingInit<IncomingMessage, ServerResponse>>): Promise<string>;
}

/** Registers a memory provider before each test of the file, and closes it and the test's server after. */
export function useTracedServers(): TracedServerFixture {
  let memory: MemoryProvider | undefined;
  let server: TracedServer | undefined;
  beforeEach(async () => {
    memory = await startMemoryProvider();
  });
  afterEach(async () => {
    await server?.close();
    server = undefined;
    await memory?.close();
  });
  return {
    get memory(): MemoryProvider {
      if (memory === undefined) throw new Error('no provider outside a test');
      return memory;
    },
    async serve(handler, init = {}) {
      server = await startTracedServer(handler, init);
      return server.url;
    },
  };
}
