/**
 * Test support (not shipped). What every reliability test checks besides its own scenario: no
 * unhandled rejection or uncaught exception, diagnostics captured, and the event loop turning.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ROOT_CONTEXT, trace } from '@opentelemetry/api';
import type { Tracer } from '@opentelemetry/api';
import type { DatadogOptions } from '../config/options.js';
import { captureDiag } from '../export/test-support.js';
import type { CapturedDiag } from '../export/test-support.js';
import { DatadogTracerProvider } from '../provider/tracer-provider.js';

export interface ProcessFaults {
  unhandledRejections: unknown[];
  uncaughtExceptions: unknown[];
  stop(): void;
}

/** Records unhandled rejections and uncaught exceptions (monitor only: vitest still sees them). */
export function watchProcessFaults(): ProcessFaults {
  const unhandledRejections: unknown[] = [];
  const uncaughtExceptions: unknown[] = [];
  const onRejection = (reason: unknown): void => void unhandledRejections.push(reason);
  const onException = (error: unknown): void => void uncaughtExceptions.push(error);
  process.on('unhandledRejection', onRejection);
  process.on('uncaughtExceptionMonitor', onException);
  return {
    unhandledRejections,
    uncaughtExceptions,
    stop() {
      process.off('unhandledRejection', onRejection);
      process.off('uncaughtExceptionMonitor', onException);
    },
  };
}

/** Resolves on the next turn of the event loop: proof that nothing blocks it. */
export function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Polls `condition` every 10 ms; rejects with `what` after `timeoutMs`. */
export async function until(condition: () => boolean, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!condition()) {
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

export interface TestProvider {
  provider: DatadogTracerProvider;
  tracer: Tracer;
  log: CapturedDiag;
  faults: ProcessFaults;
  /** Spans ended through `createTraces`/`serveRequests`, i.e. handed to the exporter. */
  created: number;
  /** Creates `traces` traces of `spansPerTrace` spans (root + children), all ended; returns the span count. */
  createTraces(traces: number, spansPerTrace?: number, name?: string): number;
  close(): Promise<void>;
}

/**
 * A provider sending to `url`, with diagnostics captured (so nothing prints) and process-level
 * faults watched. Flushes only when asked unless `flushInterval` is given.
 */
export function startTestProvider(url: string, options: DatadogOptions = {}): TestProvider {
  const log = captureDiag();
  const faults = watchProcessFaults();
  const provider = new DatadogTracerProvider({
    url,
    service: 'reliability',
    flushInterval: 60_000,
    logLevel: 'debug',
    ...options,
  });
  const tracer = provider.getTracer('reliability', '1.0.0');
  const subject: TestProvider = {
    provider,
    tracer,
    log,
    faults,
    created: 0,
    createTraces(traces, spansPerTrace = 3, name = 'work') {
      for (let t = 0; t < traces; t++) {
        const root = tracer.startSpan(`${name}.root`, { attributes: { 'trace.index': t, 'resource.name': `GET /${name}` } });
        const parent = trace.setSpan(ROOT_CONTEXT, root);
        for (let s = 1; s < spansPerTrace; s++) {
          tracer.startSpan(`${name}.child`, { attributes: { 'child.index': s, 'db.statement': 'SELECT 1' } }, parent).end();
        }
        root.end();
      }
      const spans = traces * spansPerTrace;
      subject.created += spans;
      return spans;
    },
    async close() {
      await provider.shutdown();
      faults.stop();
      log.restore();
    },
  };
  return subject;
}

export interface AppServer {
  url: string;
  /** Requests answered so far. */
  served: number;
  close(): Promise<void>;
}

/** The app under test: each request creates a small trace and answers at once. */
export async function startAppServer(subject: TestProvider): Promise<AppServer> {
  const app: AppServer = { url: '', served: 0, close: async () => undefined };
  const server = createServer((_req, res) => {
    subject.createTraces(1, 3, 'app');
    app.served++;
    res.end('ok');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  app.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  app.close = () =>
    new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return app;
}

/** Sends `count` requests to the app one after another; resolves when all were answered. */
export async function serveRequests(app: AppServer, count: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    const response = await fetch(app.url);
    await response.text();
  }
}
