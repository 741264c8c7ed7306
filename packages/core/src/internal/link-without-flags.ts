/**
 * Marks the context of a link that dd-otel made from incoming headers whose sampling priority was
 * missing or a user reject (−1): its `_dd.span_links` entry then has no `flags`, as dd-trace-js
 * writes it (spec §3; a link to an OTel span context always has them). `traceFlags` stays a
 * number on the context for OTel readers. `Symbol.for`, so the copies of this module in core's
 * index and export-stack files agree.
 */
export const LINK_WITHOUT_FLAGS: unique symbol = Symbol.for('@dd-otel/core link without flags');

/** `context` with the mark when `priority` is unknown or negative; the same object otherwise. */
export function markLinkFlags<T extends object>(context: T, priority: number | undefined): T {
  if (priority === undefined || priority < 0) (context as { [LINK_WITHOUT_FLAGS]?: true })[LINK_WITHOUT_FLAGS] = true;
  return context;
}
