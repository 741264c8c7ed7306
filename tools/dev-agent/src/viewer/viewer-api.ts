import { sendJson } from '../http-io.js';
import type { Router } from '../router.js';
import type { TraceStore } from '../trace-store.js';
import { summariseTraces } from './trace-summaries.js';

/**
 * The JSON the trace viewer needs beyond the general API: a light list of traces (so a live list
 * of 1000 traces does not ship every span on each update) and the payloads behind one trace.
 */
export function addViewerApiRoutes(router: Router, store: TraceStore, maxTraces: number): void {
  router.add('GET', '/api/summaries', ({ res }) => {
    sendJson(res, 200, { traces: summariseTraces(store.traces()), stats: store.stats(), maxTraces });
  });
  router.add('GET', '/api/traces/:traceId/requests', ({ res, params }) => {
    const traceId = params.traceId ?? '';
    const requestIds = new Set(store.findTrace(traceId).map((span) => span.requestId));
    if (requestIds.size === 0) {
      sendJson(res, 404, { error: `no spans of trace ${traceId}` });
      return;
    }
    sendJson(res, 200, { traceId, requests: store.requests().filter((request) => requestIds.has(request.id)) });
  });
}
