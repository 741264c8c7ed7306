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

/**
 * The rounds (indexes) whose baseline reading is within `tolerance` (0.15: 15 %) of the fastest
 * baseline round. On a shared box the same build runs 2× slower for minutes at a time, and such
 * a phase inflates the paired difference as well (everything is slower), so a round where the
 * baseline itself was slowed says more about the box than about the builds.
 */
export function steadyRounds(baseline, tolerance) {
  const finite = baseline.filter((v) => typeof v === 'number' && Number.isFinite(v));
  if (finite.length === 0) return [];
  const fastest = Math.min(...finite);
  const indexes = [];
  for (let i = 0; i < baseline.length; i++) {
    if (Number.isFinite(baseline[i]) && baseline[i] <= fastest * (1 + tolerance)) indexes.push(i);
  }
  return indexes;
}
