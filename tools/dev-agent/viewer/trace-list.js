// @ts-check
import { h, replace } from './dom.js';
import { formatClock, formatDuration, formatIso, nsToMs, plural, serviceColour } from './format.js';

/** @typedef {import('./api.js').TraceSummary} TraceSummary */
/** @typedef {{ service: string, text: string, errorsOnly: boolean }} TraceFilters */

/**
 * Traces matching the filters: any span of the service; the text in any span's operation name
 * or resource (case-insensitive); at least one error span.
 * @param {TraceSummary[]} traces
 * @param {TraceFilters} filters
 */
export function filterTraces(traces, filters) {
  const text = filters.text.trim().toLowerCase();
  return traces.filter((trace) => {
    if (filters.service !== '' && !trace.services.includes(filters.service)) return false;
    if (filters.errorsOnly && trace.errorCount === 0) return false;
    if (text === '') return true;
    return [...trace.names, ...trace.resources].some((value) => value.toLowerCase().includes(text));
  });
}

/**
 * Keeps the service drop-down in step with the stored traces, keeping the current choice.
 * @param {HTMLSelectElement} select
 * @param {TraceSummary[]} traces
 */
export function renderServiceOptions(select, traces) {
  const services = [...new Set(traces.flatMap((trace) => trace.services))].sort();
  const current = select.value;
  if (current !== '' && !services.includes(current)) services.unshift(current);
  const options = services.map((service) => h('option', { attrs: { value: service } }, service));
  replace(select, h('option', { attrs: { value: '' } }, 'All services'), options);
  select.value = current;
}

/**
 * @param {HTMLElement} list
 * @param {TraceSummary[]} traces already filtered
 * @param {{ selectedTraceId: string | undefined, totalCount: number }} context
 */
export function renderTraceList(list, traces, { selectedTraceId, totalCount }) {
  if (traces.length === 0) {
    replace(list, emptyState(totalCount));
    return;
  }
  replace(list, traces.map((trace) => traceRow(trace, trace.traceId === selectedTraceId)));
}

/**
 * @param {TraceSummary} trace
 * @param {boolean} selected
 */
function traceRow(trace, selected) {
  const startMs = nsToMs(trace.start);
  const classes = ['trace-row', trace.errorCount > 0 ? 'has-error' : '', selected ? 'selected' : ''].filter(Boolean).join(' ');
  return h(
    'a',
    {
      class: classes,
      data: { traceId: trace.traceId },
      attrs: { href: `#/trace/${encodeURIComponent(trace.traceId)}`, ...(selected ? { 'aria-current': 'true' } : {}) },
    },
    h(
      'div',
      { class: 'row-line' },
      h('span', { class: 'service-dot', style: { '--service': serviceColour(trace.rootService) } }),
      h('span', { class: 'row-service' }, trace.rootService),
      h('span', { class: 'row-time', title: formatIso(startMs) }, formatClock(startMs)),
    ),
    h('div', { class: 'row-resource', title: trace.rootResource }, trace.rootResource),
    h(
      'div',
      { class: 'row-line row-facts' },
      h('span', { class: 'row-operation' }, trace.rootName),
      trace.errorCount > 0 ? h('span', { class: 'pill pill-error' }, plural(trace.errorCount, 'error')) : null,
      h('span', { class: 'row-spans' }, plural(trace.spanCount, 'span')),
      h('span', { class: 'row-duration' }, formatDuration(trace.duration)),
    ),
  );
}

/** @param {number} totalCount */
function emptyState(totalCount) {
  if (totalCount > 0) return h('div', { class: 'empty' }, h('p', null, 'No trace matches the filters.'));
  return h(
    'div',
    { class: 'empty' },
    h('p', { class: 'empty-title' }, 'Waiting for traces…'),
    h('p', null, 'Point a tracer at this agent:'),
    h('code', null, `DD_TRACE_AGENT_URL=${location.origin}`),
  );
}
