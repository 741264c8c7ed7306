import { sendEmpty, sendJson } from './http-io.js';
import type { Router } from './router.js';
import type { TraceStore } from './trace-store.js';
import type { DevAgentSpan } from './types.js';

/** Filters of `GET /api/traces`. */
export interface TraceQuery {
  /** Keep traces with at least one span of this service. */
  service?: string;
  /** true: traces with an error span; false: traces without any. */
  error?: boolean;
  limit?: number;
}

/**
 * JSON API over the store, for tests in other processes, scripts and the trace viewer.
 * Lists are newest first.
 */
export function addApiRoutes(router: Router, store: TraceStore): void {
  router.add('GET', '/api/traces', ({ res, url }) => {
    const query = parseTraceQuery(url.searchParams);
    if (typeof query === 'string') {
      sendJson(res, 400, { error: query });
      return;
    }
    const traces = filterTraces(store.traces().reverse(), query);
    sendJson(res, 200, { traces, count: traces.length, stats: store.stats() });
  });
  router.add('DELETE', '/api/traces', ({ res }) => {
    store.clear();
    sendEmpty(res, 204);
  });
  router.add('GET', '/api/traces/:traceId', ({ res, params }) => {
    const traceId = params.traceId ?? '';
    const spans = store.findTrace(traceId);
    if (spans.length === 0) sendJson(res, 404, { error: `no spans of trace ${traceId}` });
    else sendJson(res, 200, { traceId, spans });
  });
  router.add('GET', '/api/requests', ({ res }) => {
    sendJson(res, 200, { requests: store.requests().reverse() });
  });
  router.add('GET', '/api/problems', ({ res }) => {
    sendJson(res, 200, { problems: store.problems().reverse() });
  });
  router.add('GET', '/api/stats', ({ res }) => {
    sendJson(res, 200, store.stats());
  });
}

/** Parses `?service=&error=1|0|true|false&limit=N`; returns an error message for bad values. */
export function parseTraceQuery(params: URLSearchParams): TraceQuery | string {
  const query: TraceQuery = {};
  const service = params.get('service');
  if (service !== null) query.service = service;
  const error = params.get('error');
  if (error !== null) {
    if (error === '1' || error === 'true') query.error = true;
    else if (error === '0' || error === 'false') query.error = false;
    else return `error must be 1, 0, true or false, got ${JSON.stringify(error)}`;
  }
  const limit = params.get('limit');
  if (limit !== null) {
    if (!/^\d+$/.test(limit) || Number(limit) < 1) return `limit must be a positive integer, got ${JSON.stringify(limit)}`;
    query.limit = Number(limit);
  }
  return query;
}

export function filterTraces(traces: DevAgentSpan[][], query: TraceQuery): DevAgentSpan[][] {
  const kept = traces.filter((trace) => {
    if (query.service !== undefined && !trace.some((span) => span.service === query.service)) return false;
    if (query.error !== undefined && trace.some((span) => span.error !== 0) !== query.error) return false;
    return true;
  });
  return query.limit === undefined ? kept : kept.slice(0, query.limit);
}
