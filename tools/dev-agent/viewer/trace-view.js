// @ts-check
import { traceJsonUrl } from './api.js';
import { h, replace } from './dom.js';
import { formatClock, formatDuration, formatIso, nsToMs, plural, serviceColour } from './format.js';
import { payloadReport, problemsOfSpan } from './payload-report.js';
import { renderSpanDetails } from './span-details.js';
import { buildSpanRows } from './span-tree.js';
import { markSelectedRow, renderWaterfall } from './waterfall.js';

/** @typedef {import('./api.js').TraceDetail} TraceDetail */
/** @typedef {import('./api.js').DevAgentRequest} DevAgentRequest */

/** The right-hand pane: one trace's header, payload report, waterfall and span details. */
export class TraceView {
  /** @param {HTMLElement} container */
  constructor(container) {
    this.container = container;
    /** @type {TraceDetail | undefined} */
    this.detail = undefined;
    /** @type {string | undefined} */
    this.selectedSpanId = undefined;
    /** @type {Set<string>} */
    this.collapsed = new Set();
    this.waterfallSlot = h('div', { class: 'wf-scroll' });
    this.detailsSlot = h('div', { class: 'details-panel' });
  }

  /** @param {string} message */
  showMessage(message) {
    this.detail = undefined;
    replace(this.container, h('div', { class: 'empty' }, h('p', { class: 'empty-title' }, message)));
  }

  /** @param {TraceDetail} detail */
  show(detail) {
    if (this.detail?.traceId !== detail.traceId) {
      this.selectedSpanId = undefined;
      this.collapsed.clear();
    }
    this.detail = detail;
    const root = buildSpanRows(detail.spans)[0]?.span;
    if (!root) return this.showMessage('This trace has no spans.');
    replace(this.container, h('div', { class: 'trace-view' }, traceHeader(detail, root), payloadReport(detail), this.waterfallSlot, this.detailsSlot));
    this.renderWaterfall();
    this.renderDetails();
  }

  /** @param {string | undefined} spanId */
  select(spanId) {
    this.selectedSpanId = spanId;
    markSelectedRow(this.waterfallSlot, spanId);
    this.renderDetails();
  }

  renderWaterfall() {
    if (!this.detail) return;
    const requests = this.detail.requests;
    const problemSpanIds = new Set(this.detail.spans.filter((span) => problemsOfSpan(span, requests).length > 0).map((span) => span.spanId));
    const waterfall = renderWaterfall(buildSpanRows(this.detail.spans), {
      selectedSpanId: this.selectedSpanId,
      collapsed: this.collapsed,
      problemSpanIds,
      onSelect: (spanId) => this.select(spanId),
      onToggle: (spanId) => {
        if (!this.collapsed.delete(spanId)) this.collapsed.add(spanId);
        this.renderWaterfall();
      },
    });
    replace(this.waterfallSlot, waterfall);
  }

  renderDetails() {
    const span = this.detail?.spans.find((candidate) => candidate.spanId === this.selectedSpanId);
    if (!this.detail || !span) {
      replace(this.detailsSlot, h('p', { class: 'hint' }, 'Select a span to see its Datadog fields, meta, metrics, events and links.'));
      return;
    }
    replace(this.detailsSlot, renderSpanDetails(span, problemsOfSpan(span, this.detail.requests), () => this.select(undefined)));
  }
}

/**
 * @param {TraceDetail} detail
 * @param {import('./api.js').DevAgentSpan} root
 */
function traceHeader(detail, root) {
  const { spans } = detail;
  const starts = spans.map((span) => BigInt(span.start));
  const start = starts.reduce((a, b) => (b < a ? b : a));
  const end = spans.reduce((latest, span) => {
    const spanEnd = BigInt(span.start) + BigInt(Math.trunc(span.duration));
    return spanEnd > latest ? spanEnd : latest;
  }, start);
  const errors = spans.filter((span) => span.error !== 0).length;
  const services = new Set(spans.map((span) => span.service));
  const startMs = nsToMs(String(start));
  return h(
    'header',
    { class: 'trace-header' },
    h(
      'div',
      { class: 'trace-title' },
      h('span', { class: 'service-tag', style: { '--service': serviceColour(root.service) } }, root.service),
      h('h2', null, root.resource),
      h('a', { class: 'button', attrs: { href: traceJsonUrl(detail.traceId), download: `trace-${detail.traceId}.json` } }, 'Download JSON'),
    ),
    h(
      'div',
      { class: 'trace-facts' },
      // 128-bit ids only when the tracer sent an upper half (`_dd.p.tid`).
      h('span', null, h('span', { class: 'muted' }, 'trace '), h('code', null, /^0{16}/.test(root.traceId128) ? root.traceId : root.traceId128)),
      h('span', null, plural(spans.length, 'span')),
      h('span', null, plural(services.size, 'service')),
      h('span', null, formatDuration(Number(end - start))),
      h('span', { title: formatIso(startMs) }, formatClock(startMs)),
      errors > 0 ? h('span', { class: 'pill pill-error' }, plural(errors, 'error')) : null,
    ),
  );
}
