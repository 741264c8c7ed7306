// The targets, checked against one run's results. A target whose figures are missing
// (benchmark not selected, package not built) reads "n/a", never PASS.
import { MB, num } from './format.mjs';

function check(target, value, limit, display) {
  if (value === undefined || value === null || Number.isNaN(value)) return { target, value: 'n/a', verdict: 'n/a' };
  return { target, value: display(value), verdict: value <= limit ? 'PASS' : 'MISS' };
}

/** `[{ target, value, verdict }]` for the benchmarks present in `benchmarks`. */
export function evaluateTargets(benchmarks) {
  const rows = [];
  const span = benchmarks.span?.summary;
  const dd = span?.['dd-otel'];
  // Verdicts use wall time (the anchors' method); the CPU-time figure beside it is steadier on a busy machine.
  const cpu = (value, digits, unit) => (value === undefined ? '' : ` (CPU: ${num(value, digits)}${unit})`);
  rows.push(check('span pipeline ≤ 1.0 µs/span (dd-otel v0.4, median)', dd?.nsPerSpan?.median, 1000, (v) => `${num(v)} ns${cpu(dd.cpuNsPerSpan?.median, 0, ' ns')}`));
  rows.push(
    check('span pipeline ≤ 0.3× OTel SDK no-op exporter', dd?.ratios?.['otel-noop']?.median, 0.3, (v) => `${num(v, 2)}×${cpu(dd.cpuRatios?.['otel-noop']?.median, 2, '×')}`),
  );
  rows.push(check('span pipeline ≤ 0.06× dd-trace@5', dd?.ratios?.['dd-trace']?.median, 0.06, (v) => `${num(v, 3)}×${cpu(dd.cpuRatios?.['dd-trace']?.median, 3, '×')}`));
  const lost = dd === undefined ? undefined : dd.lostSpans + (span['dd-otel-v05']?.lostSpans ?? 0);
  rows.push(check('0 spans lost (dd-otel, every run, v0.4 and v0.5)', lost, 0, (v) => `${num(v)} lost`));
  rows.push(check('max RSS in span bench ≤ 70 MB (dd-otel v0.4, median)', dd?.maxRssMB?.median, 70, (v) => `${num(v)} MB`));
  rows.push(check('v0.5 ≤ 150 bytes/span on the wire (span bench)', span?.['dd-otel-v05']?.bytesPerSpan?.median, 150, (v) => `${num(v)} B`));

  const http = benchmarks.http?.summary;
  for (const framework of ['express', 'fastify']) {
    rows.push(
      check(`added server CPU ≤ 10 µs/request, ${framework}`, http?.[framework]?.['dd-otel']?.addedCpuMicros?.median, 10, (v) => `+${num(v, 1)} µs`),
    );
  }
  // The issue's target names Express and Fastify; other frameworks' figures are shown beside them.
  for (const framework of Object.keys(http ?? {})) {
    if (framework === 'express' || framework === 'fastify') continue;
    const added = http[framework]?.['dd-otel']?.addedCpuMicros?.median;
    rows.push({
      target: `added server CPU per request, ${framework} (informational: no target)`,
      value: added === undefined ? 'n/a' : `+${num(added, 1)} µs`,
      verdict: '–',
    });
  }

  const startup = benchmarks.startup;
  const pick = (ids, from) => ids.map((id) => [id, from(id)]).find(([, v]) => v !== undefined) ?? [undefined, undefined];
  const [startupId, startupMs] = pick(['dd-otel-core-express', 'dd-otel-core-fastify', 'dd-otel-core'], (id) => startup?.summary?.[id]?.importInitMs?.median);
  rows.push(check(`import + init ≤ 30 ms (${startupId ?? 'dd-otel'})`, startupMs, 30, (v) => `${num(v, 1)} ms`));
  const footprints = startup?.footprints ?? [];
  // Without a built framework package, core alone (already a lower bound) is what can be checked.
  const [footprintId, footprintBytes] = pick(
    ['dd-otel-core-express', 'dd-otel-core-fastify', 'dd-otel-core'],
    (id) => footprints.find((f) => f.id === id)?.bytes,
  );
  rows.push(check(`footprint core + one framework package ≤ 2 MB (${footprintId ?? 'dd-otel'})`, footprintBytes === undefined ? undefined : footprintBytes / MB, 2, (v) => `${num(v, 2)} MB`));
  return rows;
}
