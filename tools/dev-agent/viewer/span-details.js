// @ts-check
import { h, keyValueTable } from './dom.js';
import { formatDuration, formatIso, nsBetween, nsToMs, serviceColour } from './format.js';
import { problemList } from './payload-report.js';

/** @typedef {import('./api.js').DevAgentSpan} DevAgentSpan */
/** @typedef {import('./api.js').DevAgentProblem} DevAgentProblem */

/**
 * Everything Datadog receives for one span: its fields, meta, metrics, span events and links,
 * and the validation problems the dev agent found for it.
 * @param {DevAgentSpan} span
 * @param {DevAgentProblem[]} problems of this span
 * @param {() => void} onClose
 */
export function renderSpanDetails(span, problems, onClose) {
  const events = span.spanEvents ?? [];
  const links = span.spanLinks ?? [];
  return h(
    'div',
    { class: 'span-details', data: { spanId: span.spanId } },
    h(
      'div',
      { class: 'details-head' },
      h('span', { class: 'service-tag', style: { '--service': serviceColour(span.service) } }, span.service),
      h('h3', { class: 'details-name' }, span.name),
      h('span', { class: 'details-resource' }, span.resource),
      span.error !== 0 ? h('span', { class: 'pill pill-error' }, 'error') : null,
      h('span', { class: 'details-duration' }, formatDuration(span.duration)),
      h('button', { class: 'icon-button', attrs: { type: 'button', 'aria-label': 'Close span details' }, onClick: onClose }, '×'),
    ),
    problems.length > 0 ? section('Validation problems', problems.length, problemList(problems), 'details-problems') : null,
    h(
      'div',
      { class: 'details-grid' },
      section('Datadog fields', undefined, keyValueTable(datadogFields(span), { sorted: false })),
      section('meta', Object.keys(span.meta).length, keyValueTable(span.meta, { rowClass: (key) => (key.startsWith('error.') ? 'is-error' : '') })),
      section('metrics', Object.keys(span.metrics).length, keyValueTable(span.metrics)),
      section('Span events', events.length, events.length === 0 ? none() : events.map((event) => spanEvent(event, span))),
      section('Span links', links.length, links.length === 0 ? none() : links.map(spanLink)),
    ),
  );
}

/** @param {DevAgentSpan} span */
function datadogFields(span) {
  const startMs = nsToMs(span.start);
  return {
    name: span.name,
    resource: span.resource,
    service: span.service,
    type: span.type === '' ? '(none)' : span.type,
    error: String(span.error),
    trace_id: `${span.traceId128} (low 64 bits: ${span.traceIdDec})`,
    span_id: `${span.spanId} (${span.spanIdDec})`,
    parent_id: span.parentId === '0000000000000000' ? '0 (root)' : span.parentId,
    start: `${formatIso(startMs)} (${span.start} ns)`,
    duration: `${formatDuration(span.duration)} (${span.duration} ns)`,
    payload: `#${span.requestId}, v${span.protocol}`,
  };
}

/**
 * @param {import('../src/types.js').DevAgentSpanEvent} event
 * @param {DevAgentSpan} span
 */
function spanEvent(event, span) {
  const offset = nsBetween(event.timeUnixNano, span.start);
  return h(
    'div',
    { class: `span-event${event.name === 'exception' ? ' is-error' : ''}` },
    h('div', { class: 'event-head' }, h('strong', null, event.name), h('span', { class: 'muted' }, ` +${formatDuration(offset)}`)),
    keyValueTable(event.attributes),
  );
}

/** @param {import('../src/types.js').DevAgentSpanLink} link */
function spanLink(link) {
  /** @type {Record<string, unknown>} */
  const fields = { trace_id: link.traceId, span_id: link.spanId };
  if (link.tracestate !== undefined) fields.tracestate = link.tracestate;
  if (link.flags !== undefined) fields.flags = link.flags;
  for (const [key, value] of Object.entries(link.attributes)) fields[`attributes.${key}`] = value;
  return h('div', { class: 'span-link' }, keyValueTable(fields));
}

/**
 * @param {string} title
 * @param {number | undefined} count
 * @param {import('./dom.js').Children} content
 * @param {string} [extraClass]
 */
function section(title, count, content, extraClass = '') {
  return h(
    'section',
    { class: `details-section ${extraClass}`.trim() },
    h('h4', null, title, count === undefined ? null : h('span', { class: 'count' }, String(count))),
    content,
  );
}

function none() {
  return h('p', { class: 'muted' }, 'none');
}
