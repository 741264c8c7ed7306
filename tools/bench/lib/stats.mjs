// Summaries over fresh-process runs. Machines here are noisy: a median with min–max says more
// than a mean, and ratios are taken run by run (same moment, same noise) before summarising.

/** `{ median, min, max, n }` of the finite numbers in `values`; undefined when there are none. */
export function summarize(values) {
  const xs = values.filter((v) => typeof v === 'number' && Number.isFinite(v)).sort((a, b) => a - b);
  if (xs.length === 0) return undefined;
  const mid = xs.length >> 1;
  const median = xs.length % 2 === 1 ? xs[mid] : (xs[mid - 1] + xs[mid]) / 2;
  return { median, min: xs[0], max: xs[xs.length - 1], n: xs.length };
}

/**
 * Ratio of `a` to `b` per run (index i of both arrays is one run), summarised. Runs where
 * either side is missing are skipped.
 */
export function pairedRatios(a, b) {
  const ratios = [];
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    if (Number.isFinite(a[i]) && Number.isFinite(b[i]) && b[i] !== 0) ratios.push(a[i] / b[i]);
  }
  return summarize(ratios);
}

/** Difference `a - b` per run, summarised. */
export function pairedDifferences(a, b) {
  const diffs = [];
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    if (Number.isFinite(a[i]) && Number.isFinite(b[i])) diffs.push(a[i] - b[i]);
  }
  return summarize(diffs);
}
