// @ts-check
/** Orders the spans of a trace as a tree, parents before children, siblings by start time. */

/** @typedef {import('./api.js').DevAgentSpan} DevAgentSpan */
/**
 * @typedef {object} SpanRow
 * @property {DevAgentSpan} span
 * @property {number} depth 0 for roots
 * @property {number} childCount
 * @property {boolean} orphan its parent is not among the received spans
 */

const NO_PARENT = '0000000000000000';

/**
 * @param {DevAgentSpan[]} spans
 * @returns {SpanRow[]} depth-first order
 */
export function buildSpanRows(spans) {
  const ids = new Set(spans.map((span) => span.spanId));
  /** @type {Map<string, DevAgentSpan[]>} */
  const children = new Map();
  /** @type {DevAgentSpan[]} */
  const roots = [];
  for (const span of spans) {
    if (span.parentId === NO_PARENT || !ids.has(span.parentId) || span.parentId === span.spanId) {
      roots.push(span);
      continue;
    }
    const siblings = children.get(span.parentId);
    if (siblings) siblings.push(span);
    else children.set(span.parentId, [span]);
  }
  /** @type {SpanRow[]} */
  const rows = [];
  /** @type {Set<DevAgentSpan>} */
  const visited = new Set();
  /** @param {DevAgentSpan} root */
  const walk = (root) => {
    /** @type {Array<[DevAgentSpan, number]>} */
    const stack = [[root, 0]];
    while (stack.length > 0) {
      const [span, depth] = /** @type {[DevAgentSpan, number]} */ (stack.pop());
      if (visited.has(span)) continue;
      visited.add(span);
      const kids = byStart(children.get(span.spanId) ?? []);
      rows.push({ span, depth, childCount: kids.length, orphan: depth === 0 && span.parentId !== NO_PARENT });
      for (let index = kids.length - 1; index >= 0; index--) stack.push([/** @type {DevAgentSpan} */ (kids[index]), depth + 1]);
    }
  };
  for (const root of byStart(roots)) walk(root);
  // Spans whose parent chain loops never reach a root; show them rather than lose them.
  for (const span of spans) if (!visited.has(span)) walk(span);
  return rows;
}

/** @param {DevAgentSpan[]} spans */
function byStart(spans) {
  return [...spans].sort((a, b) => {
    const difference = BigInt(a.start) - BigInt(b.start);
    return difference < 0n ? -1 : difference > 0n ? 1 : a.spanId.localeCompare(b.spanId);
  });
}

/**
 * Rows left visible when the subtrees of `collapsed` span ids are folded.
 * @param {SpanRow[]} rows
 * @param {ReadonlySet<string>} collapsed
 */
export function visibleRows(rows, collapsed) {
  /** @type {SpanRow[]} */
  const visible = [];
  let hideDeeperThan = Number.POSITIVE_INFINITY;
  for (const row of rows) {
    if (row.depth > hideDeeperThan) continue;
    hideDeeperThan = collapsed.has(row.span.spanId) && row.childCount > 0 ? row.depth : Number.POSITIVE_INFINITY;
    visible.push(row);
  }
  return visible;
}
