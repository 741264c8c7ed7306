/**
 * Test support: the set-up the plugin's test files share, registered as vitest hooks. Call
 * `useTestTracing()` at a file's top level and `useServedTestApp()` at the top of a describe.
 */
import { afterAll, beforeAll, beforeEach } from 'vitest';
import type { DatadogOptions } from '@dd-otel/core';
import { listen, startTestTracing } from './harness.test-support.js';
import type { FastifyFactory, TestTracing } from './harness.test-support.js';
import { buildTestApp } from './test-app.test-support.js';
import type { TestApp } from './test-app.test-support.js';

/** Starts a value before the tests of the current scope and stops it after; returns its getter. */
function startedBeforeAll<T>(what: string, start: () => Promise<T>, stop: (value: T) => Promise<void>): () => T {
  let value: T | undefined;
  beforeAll(async () => {
    value = await start();
  });
  afterAll(async () => {
    if (value !== undefined) await stop(value);
  });
  return () => {
    if (value === undefined) throw new Error(`${what} exists only inside tests and hooks`);
    return value;
  };
}

/**
 * dd-otel against a dev agent for every test of the file: started before them, closed after.
 * The returned object forwards to it, so tests and hooks use it as the started one.
 */
export function useTestTracing(options?: DatadogOptions): TestTracing {
  const current = startedBeforeAll('test tracing', () => startTestTracing(options), (tracing) => tracing.close());
  return {
    get agent() {
      return current().agent;
    },
    get provider() {
      return current().provider;
    },
    openSpans: () => current().openSpans(),
    endedTwice: () => current().endedTwice(),
    requestSpans: (count) => current().requestSpans(count),
    requestSpanFor: (path) => current().requestSpanFor(path),
    close: () => current().close(),
  };
}

export interface ServedTestApp {
  readonly testApp: TestApp;
  /** `http://127.0.0.1:<port>` */
  readonly base: string;
}

/**
 * The full test app on `Fastify`, listening on loopback for every test of the describe, and the
 * agent cleared before each test (each test waits for its own spans, so nothing of an earlier
 * test arrives after that).
 */
export function useServedTestApp(Fastify: FastifyFactory, tracing: TestTracing): ServedTestApp {
  const current = startedBeforeAll(
    'the test app',
    async () => {
      const testApp = await buildTestApp(Fastify);
      return { testApp, base: await listen(testApp.app) };
    },
    (served) => served.testApp.app.close(),
  );
  beforeEach(() => {
    tracing.agent.clear();
  });
  return {
    get testApp() {
      return current().testApp;
    },
    get base() {
      return current().base;
    },
  };
}
