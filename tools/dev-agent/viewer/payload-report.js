// @ts-check
import { h } from './dom.js';
import { formatBytes, formatClock, plural } from './format.js';

/** @typedef {import('./api.js').DevAgentProblem} DevAgentProblem */

/**
 * A list of validation problems: severity, kind, message and where in the payload.
 * @param {DevAgentProblem[]} problems
 */
export function problemList(problems) {
  return h(
    'ul',
    { class: 'problem-list' },
    problems.map((problem) =>
      h(
        'li',
        { class: `problem is-${problem.severity === 'error' ? 'error' : 'warning'}` },
        h('span', { class: `pill ${problem.severity === 'error' ? 'pill-error' : 'pill-warning'}` }, problem.severity),
        h('code', { class: 'problem-kind' }, problem.kind),
        h('span', { class: 'problem-message' }, problem.message),
        location(problem) === '' ? null : h('span', { class: 'problem-where muted' }, location(problem)),
      ),
    ),
  );
}

/** @param {DevAgentProblem} problem */
function location(problem) {
  const parts = [];
  if (problem.traceIndex !== undefined) parts.push(`trace ${problem.traceIndex}`);
  if (problem.spanIndex !== undefined) parts.push(`span ${problem.spanIndex}`);
  if (problem.spanId !== undefined) parts.push(`id ${problem.spanId}`);
  if (problem.field !== undefined) parts.push(problem.field);
  return parts.join(' · ');
}

/**
 * Problems of the payloads that carried `span`, pointing at it by span id.
 * @param {import('./api.js').DevAgentSpan} span
 * @param {import('./api.js').DevAgentRequest[]} requests
 */
export function problemsOfSpan(span, requests) {
  const request = requests.find((candidate) => candidate.id === span.requestId);
  return (request?.problems ?? []).filter((problem) => problem.spanId === span.spanId);
}

/**
 * The payloads that carried this trace, with the problems that concern it (payload-wide ones and
 * those pointing at its spans; problems about other traces of the same payload are left out).
 * @param {import('./api.js').TraceDetail} detail
 */
export function payloadReport(detail) {
  const spanIds = new Set(detail.spans.map((span) => span.spanId));
  return h(
    'div',
    { class: 'payload-report' },
    detail.requests.map((request) => {
      const problems = request.problems.filter((problem) => problem.spanId === undefined || spanIds.has(problem.spanId));
      return h('div', { class: 'carrier' }, requestLine(request, problems.length), problems.length > 0 ? problemList(problems) : null);
    }),
  );
}

/**
 * @param {import('./api.js').DevAgentRequest} request
 * @param {number} problemCount
 */
export function requestLine(request, problemCount) {
  const client = ['datadog-meta-lang', 'datadog-meta-lang-version', 'datadog-meta-tracer-version']
    .map((name) => request.headers[name])
    .filter((value) => value !== undefined)
    .join(' ');
  return h(
    'div',
    { class: 'request-line' },
    h('span', { class: `pill ${request.status === 200 ? 'pill-ok' : 'pill-error'}` }, String(request.status)),
    h('span', null, `payload #${request.id}`),
    h('code', null, `${request.method} ${request.path}`),
    h('span', { class: 'muted' }, `${plural(request.traceCount, 'trace')} · ${plural(request.spanCount, 'span')} · ${formatBytes(request.byteSize)}`),
    client === '' ? null : h('span', { class: 'muted' }, client),
    h('span', { class: 'muted' }, formatClock(request.receivedAt)),
    problemCount > 0
      ? h('span', { class: 'pill pill-warning' }, plural(problemCount, 'problem'))
      : h('span', { class: 'pill pill-ok' }, 'valid'),
  );
}
