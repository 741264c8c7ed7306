/**
 * The page's pure logic (plain JS in viewer/, type-checked by tsconfig.viewer.json), run in Node:
 * span tree order and nesting, list filters, duration formatting. The browser tests cover the rest.
 */
import { describe, expect, it } from 'vitest';
import type { DevAgentSpan } from '../types.js';
import type { TraceSummary } from './trace-summaries.js';

interface SpanRow {
  span: DevAgentSpan;
  depth: number;
  childCount: number;
  orphan: boolean;
}
interface SpanTreeModule {
  buildSpanRows(spans: DevAgentSpan[]): SpanRow[];
  visibleRows(rows: SpanRow[], collapsed: ReadonlySet<string>): SpanRow[];
}
interface TraceListModule {
  filterTraces(traces: TraceSummary[], filters: { service: string; text: string; errorsOnly: boolean }): TraceSummary[];
}
interface FormatModule {
  formatDuration(ns: number): string;
}

// Computed specifiers: the package's tsconfig does not compile the viewer's JS, only these tests load it.
const load = <T>(name: string): Promise<T> => import(new URL(`../../viewer/${name}`, import.meta.url).href) as Promise<T>;
const { buildSpanRows, visibleRows } = await load<SpanTreeModule>('span-tree.js');
const { filterTraces } = await load<TraceListModule>('trace-list.js');
const { formatDuration } = await load<FormatModule>('format.js');

function span(spanId: string, parentId: string, start: string): DevAgentSpan {
  return {
    traceId: 'a', traceIdDec: '10', traceId128: 'a', spanId, spanIdDec: spanId, parentId, name: `op-${spanId}`, resource: 'r', service: 's',
    type: '', error: 0, start, duration: 1, meta: {}, metrics: {}, protocol: '0.4', requestId: 1,
  };
}
const ROOT = '0000000000000000';
const shape = (rows: SpanRow[]) => rows.map((row) => `${'  '.repeat(row.depth)}${row.span.spanId}${row.orphan ? ' (orphan)' : ''}`);

describe('buildSpanRows', () => {
  it('orders depth first, children under their parent by start time', () => {
    const rows = buildSpanRows([span('c2', 'r', '30'), span('g', 'c1', '25'), span('r', ROOT, '10'), span('c1', 'r', '20')]);
    expect(shape(rows)).toEqual(['r', '  c1', '    g', '  c2']);
    expect(rows.map((row) => row.childCount)).toEqual([2, 1, 0, 0]);
  });

  it('compares starts beyond 2^53 exactly', () => {
    const rows = buildSpanRows([span('r', ROOT, '1'), span('late', 'r', '1700000000000000001'), span('early', 'r', '1700000000000000000')]);
    expect(shape(rows)).toEqual(['r', '  early', '  late']);
  });

  it('shows spans whose parent is missing as orphan roots, and spans in a parent loop', () => {
    const rows = buildSpanRows([span('r', ROOT, '1'), span('o', 'gone', '2'), span('x', 'y', '3'), span('y', 'x', '4')]);
    expect(shape(rows)).toEqual(['r', 'o (orphan)', 'x (orphan)', '  y']);
  });
});

describe('visibleRows', () => {
  it('hides the subtrees of collapsed spans only', () => {
    const rows = buildSpanRows([span('r', ROOT, '1'), span('a', 'r', '2'), span('a1', 'a', '3'), span('b', 'r', '4')]);
    expect(shape(visibleRows(rows, new Set(['a'])))).toEqual(['r', '  a', '  b']);
    expect(shape(visibleRows(rows, new Set(['r'])))).toEqual(['r']);
    expect(shape(visibleRows(rows, new Set(['b'])))).toEqual(['r', '  a', '    a1', '  b']);
  });
});

describe('filterTraces', () => {
  const summary = (traceId: string, fields: Partial<TraceSummary>): TraceSummary => ({
    traceId, traceId128: traceId, rootService: 'web', rootName: 'web.request', rootResource: 'GET /', start: '0', duration: 1, spanCount: 1,
    errorCount: 0, services: ['web'], names: ['web.request'], resources: ['GET /'], requestIds: [1], ...fields,
  });
  const traces = [
    summary('1', { services: ['web', 'db'], resources: ['GET /', 'SELECT * FROM users'] }),
    summary('2', { services: ['billing'], errorCount: 2, names: ['invoice.create'] }),
  ];
  const ids = (filters: Partial<{ service: string; text: string; errorsOnly: boolean }>) =>
    filterTraces(traces, { service: '', text: '', errorsOnly: false, ...filters }).map((trace) => trace.traceId);

  it('filters by any span’s service, errors, and text in any operation or resource', () => {
    expect(ids({})).toEqual(['1', '2']);
    expect(ids({ service: 'db' })).toEqual(['1']);
    expect(ids({ errorsOnly: true })).toEqual(['2']);
    expect(ids({ text: '  from USERS ' })).toEqual(['1']);
    expect(ids({ text: 'invoice' })).toEqual(['2']);
    expect(ids({ text: 'invoice', service: 'db' })).toEqual([]);
  });
});

describe('formatDuration', () => {
  it.each([
    [420, '420 ns'], [1_500, '1.5 µs'], [9_600_000, '9.6 ms'], [184_200_000, '184 ms'], [2_500_000_000, '2.5 s'], [125_000_000_000, '2 min 5 s'], [-1, '–'],
  ])('formats %d ns as %s', (ns, text) => {
    expect(formatDuration(ns)).toBe(text);
  });
});
