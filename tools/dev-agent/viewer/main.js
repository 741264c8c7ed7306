// @ts-check
import { clearStore, fetchRequests, fetchSummaries, fetchTrace, followEvents, NotFoundError } from './api.js';
import { byId, replace } from './dom.js';
import { plural } from './format.js';
import { renderPayloads } from './payloads.js';
import { filterTraces, renderServiceOptions, renderTraceList } from './trace-list.js';
import { TraceView } from './trace-view.js';

/** @typedef {{ page: 'traces', traceId?: string } | { page: 'payloads' }} Route */

const elements = {
  list: byId('trace-list'),
  listCount: byId('list-count'),
  service: /** @type {HTMLSelectElement} */ (byId('filter-service')),
  text: /** @type {HTMLInputElement} */ (byId('filter-text')),
  errorsOnly: /** @type {HTMLInputElement} */ (byId('filter-errors')),
  tracesPage: byId('traces-page'),
  payloadsPage: byId('payloads-page'),
  payloadList: byId('payload-list'),
  problemsOnly: /** @type {HTMLInputElement} */ (byId('payloads-problems-only')),
  stats: byId('store-stats'),
  problemBadge: byId('payload-problem-count'),
  connection: byId('connection'),
};

const state = {
  route: parseRoute(),
  /** @type {import('./api.js').SummariesResponse} */
  summaries: { traces: [], stats: { traces: 0, spans: 0, requests: 0, problems: 0, droppedTraces: 0, droppedRequests: 0, droppedProblems: 0 }, maxTraces: 0 },
  /** What the trace pane shows, so a payload that did not touch it does not re-render it. */
  shownTraceKey: '',
  eventsLive: false,
};
const traceView = new TraceView(byId('trace-pane'));

/** @returns {Route} */
function parseRoute() {
  const hash = location.hash.replace(/^#/, '');
  if (hash === '/payloads') return { page: 'payloads' };
  const match = /^\/trace\/([^/]+)$/.exec(hash);
  try {
    return match?.[1] ? { page: 'traces', traceId: decodeURIComponent(match[1]).toLowerCase() } : { page: 'traces' };
  } catch {
    return { page: 'traces' };
  }
}

function renderList() {
  const filters = { service: elements.service.value, text: elements.text.value, errorsOnly: elements.errorsOnly.checked };
  const all = state.summaries.traces;
  const shown = filterTraces(all, filters);
  const selectedTraceId = state.route.page === 'traces' ? state.route.traceId : undefined;
  renderTraceList(elements.list, shown, { selectedTraceId, totalCount: all.length });
  elements.listCount.textContent = shown.length === all.length ? plural(all.length, 'trace') : `${shown.length} of ${plural(all.length, 'trace')}`;
}

function renderStats() {
  const { stats, maxTraces, traces } = state.summaries;
  replace(elements.stats, `${plural(traces.length, 'trace')} · ${plural(stats.spans, 'span')} · ${stats.droppedTraces} dropped`);
  elements.stats.title = `The agent keeps the latest ${maxTraces} trace chunks; older ones are dropped.`;
  elements.stats.classList.toggle('has-dropped', stats.droppedTraces > 0);
  elements.problemBadge.hidden = stats.problems === 0;
  elements.problemBadge.textContent = String(stats.problems);
}

async function refreshSummaries() {
  state.summaries = await fetchSummaries();
  renderServiceOptions(elements.service, state.summaries.traces);
  renderList();
  renderStats();
}

/** @param {boolean} force re-render even if the trace did not change */
async function refreshTrace(force) {
  const traceId = state.route.page === 'traces' ? state.route.traceId : undefined;
  if (traceId === undefined) {
    state.shownTraceKey = '';
    traceView.showMessage(state.summaries.traces.length > 0 ? 'Select a trace to see its waterfall.' : 'Traces show up here as they arrive.');
    return;
  }
  // Summaries were just read: asking for a trace they lack would only log a 404 in the console.
  if (!state.summaries.traces.some((trace) => trace.traceId === traceId)) {
    state.shownTraceKey = '';
    traceView.showMessage(notStored(traceId));
    return;
  }
  try {
    const detail = await fetchTrace(traceId);
    const key = `${traceId}:${detail.spans.length}:${detail.requests.map((request) => request.id).join(',')}`;
    if (force || key !== state.shownTraceKey) traceView.show(detail);
    state.shownTraceKey = key;
  } catch (error) {
    if (!(error instanceof NotFoundError)) throw error;
    state.shownTraceKey = '';
    traceView.showMessage(notStored(traceId));
  }
}

/** @param {string} traceId */
function notStored(traceId) {
  return `Trace ${traceId} is not stored (cleared, dropped, or never received).`;
}

async function refreshPayloads() {
  renderPayloads(elements.payloadList, await fetchRequests(), { problemsOnly: elements.problemsOnly.checked });
}

let refreshing = false;
let refreshAgain = false;
/** @type {ReturnType<typeof setTimeout> | undefined} */
let refreshTimer;

/** Throttled: a burst of payloads costs one refresh, and a steady stream still shows up. */
function scheduleRefresh() {
  refreshTimer ??= setTimeout(() => {
    refreshTimer = undefined;
    void refresh(false);
  }, 120);
}

/** @param {boolean} force */
async function refresh(force) {
  if (refreshing) {
    refreshAgain = true;
    return;
  }
  refreshing = true;
  try {
    await refreshSummaries();
    await (state.route.page === 'payloads' ? refreshPayloads() : refreshTrace(force));
    setConnection(state.eventsLive);
  } catch (error) {
    setConnection(false, error instanceof Error ? error.message : String(error));
  } finally {
    refreshing = false;
    if (refreshAgain) {
      refreshAgain = false;
      scheduleRefresh();
    }
  }
}

/**
 * @param {boolean} live
 * @param {string} [detail]
 */
function setConnection(live, detail) {
  elements.connection.textContent = live ? 'live' : 'reconnecting…';
  elements.connection.classList.toggle('is-live', live);
  elements.connection.title = detail ?? (live ? 'Updates arrive as payloads are received.' : 'The dev agent is not reachable.');
}

function showRoute() {
  state.route = parseRoute();
  const onPayloads = state.route.page === 'payloads';
  elements.tracesPage.hidden = onPayloads;
  elements.payloadsPage.hidden = !onPayloads;
  byId('tab-traces').classList.toggle('active', !onPayloads);
  byId('tab-payloads').classList.toggle('active', onPayloads);
  renderList();
  void refresh(true);
}

for (const input of [elements.service, elements.text, elements.errorsOnly]) input.addEventListener('input', renderList);
elements.problemsOnly.addEventListener('change', () => void refresh(false));
byId('clear-store').addEventListener('click', () => {
  clearStore().then(
    () => refresh(true),
    (error) => setConnection(false, String(error)),
  );
});
window.addEventListener('hashchange', showRoute);
followEvents(scheduleRefresh, (live) => {
  state.eventsLive = live;
  setConnection(live);
});
showRoute();
