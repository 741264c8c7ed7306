// @ts-check
/** Talks to the dev agent that served the page (same origin). */

/** @typedef {import('../src/types.js').DevAgentSpan} DevAgentSpan */
/** @typedef {import('../src/types.js').DevAgentRequest} DevAgentRequest */
/** @typedef {import('../src/types.js').DevAgentProblem} DevAgentProblem */
/** @typedef {import('../src/types.js').DevAgentStats} DevAgentStats */
/** @typedef {import('../src/viewer/trace-summaries.js').TraceSummary} TraceSummary */
/** @typedef {{ traces: TraceSummary[], stats: DevAgentStats, maxTraces: number }} SummariesResponse */
/** @typedef {{ traceId: string, spans: DevAgentSpan[], requests: DevAgentRequest[] }} TraceDetail */

export class NotFoundError extends Error {}

/**
 * @param {string} path
 * @param {RequestInit} [init]
 * @returns {Promise<any>}
 */
async function request(path, init) {
  const response = await fetch(path, { ...init, headers: { Accept: 'application/json' } });
  if (response.status === 404) throw new NotFoundError(path);
  if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
  return response.status === 204 ? undefined : response.json();
}

/** @returns {Promise<SummariesResponse>} */
export function fetchSummaries() {
  return request('/api/summaries');
}

/**
 * The spans of a trace and the payloads that carried them.
 * @param {string} traceId
 * @returns {Promise<TraceDetail>}
 */
export async function fetchTrace(traceId) {
  const id = encodeURIComponent(traceId);
  const [trace, carriers] = await Promise.all([request(`/api/traces/${id}`), request(`/api/traces/${id}/requests`)]);
  return { traceId, spans: trace.spans, requests: carriers.requests };
}

/** @returns {Promise<DevAgentRequest[]>} newest first */
export async function fetchRequests() {
  return (await request('/api/requests')).requests;
}

export function clearStore() {
  return request('/api/traces', { method: 'DELETE' });
}

/** Where the JSON of one trace is downloaded from. @param {string} traceId */
export function traceJsonUrl(traceId) {
  return `/api/traces/${encodeURIComponent(traceId)}`;
}

/**
 * Follows the agent's live events; EventSource reconnects by itself after the agent restarts.
 * @param {() => void} onChange a payload arrived or the store was cleared
 * @param {(live: boolean) => void} onConnection
 */
export function followEvents(onChange, onConnection) {
  const source = new EventSource('/api/events');
  source.addEventListener('open', () => onConnection(true));
  source.addEventListener('error', () => onConnection(false));
  // 'hello' also arrives after a reconnect, when anything may have changed meanwhile.
  for (const name of ['hello', 'request', 'clear']) source.addEventListener(name, onChange);
  return source;
}
