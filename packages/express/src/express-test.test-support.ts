/**
 * Test support (not shipped: no entry point imports it). A dev agent on a loopback port, a
 * registered dd-otel provider sending to it, and helpers to run Express apps (5, and 4 through
 * the `express4` alias) on 127.0.0.1.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startDevAgent } from '@dd-otel/dev-agent';
import type { DevAgent, DevAgentSpan } from '@dd-otel/dev-agent';
import { init } from '@dd-otel/core';
import type { DatadogOptions, DatadogTracerProvider } from '@dd-otel/core';
import express5 from 'express';
import express4 from 'express4';

export type ExpressFactory = typeof express5;

/** Both majors, for `describe.each`. */
export const EXPRESS_VERSIONS: ReadonlyArray<[label: string, express: ExpressFactory]> = [
  ['express 5', express5],
  ['express 4', express4 as unknown as ExpressFactory],
];

export interface Backend {
  agent: DevAgent;
  provider: DatadogTracerProvider;
  /** Flushes, then returns the next `count` spans the dev agent decoded (in arrival order). */
  collect(count: number): Promise<DevAgentSpan[]>;
  close(): Promise<void>;
}

/** One per test file (vitest runs each file in its own process): `init()` registers globally. */
export async function startBackend(options: DatadogOptions = {}): Promise<Backend> {
  const agent = await startDevAgent({ port: 0 });
  const provider = init({ url: agent.url, service: 'express-test', flushInterval: 0, ...options });
  let seen = 0;
  return {
    agent,
    provider,
    async collect(count) {
      await provider.forceFlush();
      await agent.waitForSpans(seen + count);
      const fresh = agent.spans().slice(seen, seen + count);
      seen += fresh.length;
      return fresh;
    },
    async close() {
      await provider.shutdown();
      const problems = agent.problems().map((problem) => `${problem.kind}: ${problem.message}`);
      await agent.close();
      // Every payload of the file must have been one the Datadog Agent accepts.
      if (problems.length > 0) throw new Error(`dev agent problems:\n${problems.join('\n')}`);
    },
  };
}

export interface RunningApp {
  url: string;
  close(): Promise<void>;
}

/** Listens on 127.0.0.1 with a free port. */
export async function listen(app: { listen: (port: number, host: string, callback: () => void) => Server }): Promise<RunningApp> {
  let server!: Server;
  await new Promise<void>((resolve) => {
    server = app.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Fetches each path in turn and returns the statuses (the response bodies are read, so spans end). */
export async function get(base: string, ...paths: string[]): Promise<number[]> {
  const statuses: number[] = [];
  for (const path of paths) {
    const response = await fetch(`${base}${path}`);
    await response.text();
    statuses.push(response.status);
  }
  return statuses;
}
