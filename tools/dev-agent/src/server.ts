import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { addApiRoutes } from './api-routes.js';
import { sendJson } from './http-io.js';
import { buildInfo, REPORTED_AGENT_VERSION } from './info.js';
import { addIntakeRoutes } from './intake-routes.js';
import { resolveOptions, validateRateByService, type DevAgentOptions } from './options.js';
import { Router } from './router.js';
import { TraceStore } from './trace-store.js';
import { addViewerRoutes } from './viewer/viewer-routes.js';
import type {
  DevAgentListener,
  DevAgentProblem,
  DevAgentRequest,
  DevAgentSpan,
  DevAgentStats,
  DevAgentStoreView,
} from './types.js';
import { waitForStore, type WaitPredicate, type WaitResult } from './wait-for.js';

export interface DevAgent extends DevAgentStoreView {
  /** Base URL, e.g. `http://127.0.0.1:41234` (use as `DD_TRACE_AGENT_URL`). */
  readonly url: string;
  /** The browser trace viewer, served on the same port (`url` + `/`, loopback when bound to all interfaces). */
  readonly viewerUrl: string;
  readonly port: number;
  readonly host: string;
  /** Stops listening and closes every connection, idle keep-alive ones included. Idempotent. */
  close(): Promise<void>;
  /** Forgets every stored trace, request and problem. */
  clear(): void;
  stats(): DevAgentStats;
  /** Spans of one trace across chunks; id as 16 hex, 32 hex or decimal. */
  findTrace(traceId: string): DevAgentSpan[];
  /** Resolves with all stored spans once at least `count` are stored. */
  waitForSpans(count: number, timeoutMs?: number): Promise<DevAgentSpan[]>;
  /**
   * Resolves with the predicate's first truthy result, checked now and after each payload with
   * all stored spans (and the store); rejects on timeout with a summary of what was received.
   * @example const span = await agent.waitFor((spans) => spans.find((s) => s.name === 'db.query'));
   */
  waitFor<T>(predicate: WaitPredicate<T>, timeoutMs?: number): Promise<WaitResult<T>>;
  /** Replaces the `rate_by_service` answered to trace payloads. */
  setRateByService(rates: Record<string, number>): void;
  rateByService(): Record<string, number>;
  /** Called after each stored payload, on clear and on close; returns an unsubscribe function. */
  subscribe(listener: DevAgentListener): () => void;
}

const DEFAULT_WAIT_MS = 5000;
const WILDCARD_TO_LOOPBACK: Record<string, string> = { '0.0.0.0': '127.0.0.1', '::': '::1' };

/** Starts a local Datadog-Agent-compatible intake; see `DevAgentOptions` for the defaults. */
export async function startDevAgent(options?: DevAgentOptions): Promise<DevAgent> {
  const resolved = resolveOptions(options);
  const store = new TraceStore(resolved.maxTraces);
  let rates = resolved.rateByService;
  const router = new Router();
  const server = createServer();
  const port = await listen(server, resolved.port, resolved.host);

  const infoJson = JSON.stringify(buildInfo({ port, spanEvents: resolved.spanEvents }));
  const agentState = createHash('sha256').update(infoJson).digest('hex');
  addIntakeRoutes(router, { store, rateByService: () => ({ ...rates }), infoJson });
  addApiRoutes(router, store);
  addViewerRoutes(router, store, { maxTraces: resolved.maxTraces });

  server.on('request', (req, res) => {
    res.setHeader('Datadog-Agent-Version', REPORTED_AGENT_VERSION);
    res.setHeader('Datadog-Agent-State', agentState);
    router.handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { error: `dev agent failure: ${(error as Error)?.message ?? String(error)}` });
      else res.destroy();
    });
  });

  let closing: Promise<void> | undefined;
  const url = httpUrl(resolved.host, port);
  const agent: DevAgent = {
    url,
    // A browser cannot open the wildcard address the agent may be bound to; loopback reaches it.
    viewerUrl: `${httpUrl(WILDCARD_TO_LOOPBACK[resolved.host] ?? resolved.host, port)}/`,
    port,
    host: resolved.host,
    close() {
      closing ??= new Promise<void>((resolve) => {
        store.close();
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closing;
    },
    clear: () => store.clear(),
    traces: () => store.traces(),
    spans: () => store.spans(),
    requests: (): DevAgentRequest[] => store.requests(),
    problems: (): DevAgentProblem[] => store.problems(),
    stats: () => store.stats(),
    findTrace: (traceId) => store.findTrace(traceId),
    waitForSpans(count, timeoutMs = DEFAULT_WAIT_MS) {
      if (!Number.isInteger(count) || count < 0) {
        return Promise.reject(new TypeError(`waitForSpans: count must be a non-negative integer, got ${String(count)}`));
      }
      return waitForStore(store, (spans) => (spans.length >= count ? spans : undefined), timeoutMs, `${count} span(s)`);
    },
    waitFor(predicate, timeoutMs = DEFAULT_WAIT_MS) {
      if (typeof predicate !== 'function') {
        return Promise.reject(new TypeError('waitFor: predicate must be a function'));
      }
      return waitForStore(store, predicate, timeoutMs, 'the predicate to hold');
    },
    setRateByService(next) {
      rates = validateRateByService(next, 'setRateByService');
    },
    rateByService: () => ({ ...rates }),
    subscribe: (listener) => store.subscribe(listener),
  };
  return agent;
}

function httpUrl(host: string, port: number): string {
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error): void => reject(error);
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve((server.address() as AddressInfo).port);
    });
  });
}
