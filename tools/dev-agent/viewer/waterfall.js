// @ts-check
import { h } from './dom.js';
import { formatDuration, nsBetween, serviceColour } from './format.js';
import { visibleRows } from './span-tree.js';

/** @typedef {import('./api.js').DevAgentSpan} DevAgentSpan */
/** @typedef {import('./span-tree.js').SpanRow} SpanRow */
/**
 * @typedef {object} WaterfallOptions
 * @property {string | undefined} selectedSpanId
 * @property {ReadonlySet<string>} collapsed
 * @property {ReadonlySet<string>} problemSpanIds spans a validation problem points at
 * @property {(spanId: string) => void} onSelect
 * @property {(spanId: string) => void} onToggle
 */

const INDENT_PX = 16;
const TICKS = [0, 0.25, 0.5, 0.75, 1];

/**
 * The waterfall: one row per span, indented under its parent, with a bar on the trace's time axis.
 * @param {SpanRow[]} rows from buildSpanRows
 * @param {WaterfallOptions} options
 */
export function renderWaterfall(rows, options) {
  const { traceStart, traceDuration } = timeRange(rows);
  const services = [...new Set(rows.map((row) => row.span.service))];
  return h(
    'div',
    { class: 'waterfall', attrs: { role: 'tree' } },
    h(
      'div',
      { class: 'wf-header' },
      h('div', { class: 'wf-label wf-legend' }, services.map((service) => h('span', { class: 'legend-item' }, serviceDot(service), service))),
      h(
        'div',
        { class: 'wf-axis' },
        TICKS.map((fraction) =>
          h('span', { class: 'wf-tick', style: { left: `${fraction * 100}%` } }, fraction === 0 ? '0' : formatDuration(Math.round(traceDuration * fraction))),
        ),
      ),
    ),
    h('div', { class: 'wf-rows' }, visibleRows(rows, options.collapsed).map((row) => spanRow(row, traceStart, traceDuration, options))),
  );
}

/**
 * Marks the selected row without rebuilding the waterfall (keeps scroll and focus).
 * @param {HTMLElement} waterfall
 * @param {string | undefined} spanId
 */
export function markSelectedRow(waterfall, spanId) {
  for (const row of waterfall.querySelectorAll('.wf-row')) {
    const selected = row instanceof HTMLElement && row.dataset.spanId === spanId;
    row.classList.toggle('selected', selected);
    row.setAttribute('aria-selected', String(selected));
  }
}

/** @param {SpanRow[]} rows */
function timeRange(rows) {
  let start = '';
  let end = 0;
  for (const { span } of rows) if (start === '' || BigInt(span.start) < BigInt(start)) start = span.start;
  for (const { span } of rows) end = Math.max(end, nsBetween(span.start, start) + span.duration);
  return { traceStart: start, traceDuration: Math.max(end, 1) };
}

/**
 * @param {SpanRow} row
 * @param {string} traceStart
 * @param {number} traceDuration
 * @param {WaterfallOptions} options
 */
function spanRow({ span, depth, childCount, orphan }, traceStart, traceDuration, options) {
  const offset = (nsBetween(span.start, traceStart) / traceDuration) * 100;
  const width = Math.max((span.duration / traceDuration) * 100, 0.15);
  const labelPlacement = offset + width < 78 ? 'after' : width > 14 ? 'inside' : 'before';
  const collapsed = options.collapsed.has(span.spanId);
  const classes = ['wf-row', span.error !== 0 ? 'is-error' : '', span.spanId === options.selectedSpanId ? 'selected' : ''];
  const row = h(
    'div',
    {
      class: classes.filter(Boolean).join(' '),
      data: { spanId: span.spanId, depth: String(depth) },
      attrs: { role: 'treeitem', tabindex: '0', 'aria-level': String(depth + 1), 'aria-selected': String(span.spanId === options.selectedSpanId) },
      title: `${span.service} · ${span.name} · ${span.resource}`,
      onClick: () => options.onSelect(span.spanId),
    },
    h(
      'div',
      { class: 'wf-label', style: { 'padding-left': `${8 + depth * INDENT_PX}px` } },
      childCount > 0
        ? h('button', {
            class: `wf-toggle${collapsed ? ' collapsed' : ''}`,
            attrs: { type: 'button', 'aria-label': `${collapsed ? 'Expand' : 'Collapse'} ${childCount} child spans`, 'aria-expanded': String(!collapsed) },
            onClick: (event) => {
              event.stopPropagation();
              options.onToggle(span.spanId);
            },
          })
        : h('span', { class: 'wf-toggle-spacer' }),
      serviceDot(span.service),
      h('span', { class: 'wf-name' }, span.name),
      span.resource !== span.name ? h('span', { class: 'wf-resource' }, span.resource) : null,
      collapsed ? h('span', { class: 'pill' }, `+${childCount}`) : null,
      orphan ? h('span', { class: 'pill pill-warning', title: `parent ${span.parentId} was not received` }, 'orphan') : null,
      options.problemSpanIds.has(span.spanId) ? h('span', { class: 'pill pill-warning', title: 'validation problem' }, '!') : null,
    ),
    h(
      'div',
      { class: 'wf-track' },
      h('div', { class: 'wf-bar', style: { left: `${offset}%`, width: `${width}%`, '--service': serviceColour(span.service) } }),
      h('span', { class: `wf-duration ${labelPlacement}`, style: durationPosition(labelPlacement, offset, width) }, formatDuration(span.duration)),
    ),
  );
  row.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      options.onSelect(span.spanId);
    }
  });
  return row;
}

/**
 * After the bar when there is room, else inside a long bar, else before it.
 * @param {'after' | 'inside' | 'before'} placement
 * @param {number} offset
 * @param {number} width
 * @returns {Record<string, string>}
 */
function durationPosition(placement, offset, width) {
  if (placement === 'after') return { left: `calc(${offset + width}% + 6px)` };
  if (placement === 'inside') return { right: `calc(${100 - offset - width}% + 6px)` };
  return { right: `calc(${100 - offset}% + 6px)` };
}

/** @param {string} service */
function serviceDot(service) {
  return h('span', { class: 'service-dot', style: { '--service': serviceColour(service) } });
}
