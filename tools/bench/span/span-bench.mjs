// Span pipeline benchmark (perf/anchors.md §1): the guide's snippet loop, fresh process per
// (run, provider), provider order rotated per run, ratios taken within each run.
import { fileURLToPath } from 'node:url';
import { MB, markdownTable, num, ratio, spread } from '../lib/format.mjs';
import { runChild } from '../lib/processes.mjs';
import { launchStandInAgent } from '../lib/stand-in-agent-client.mjs';
import { pairedRatios, summarize } from '../lib/stats.mjs';
import { SPAN_PROVIDERS } from './providers.mjs';

const WORKER = fileURLToPath(new URL('./span-worker.mjs', import.meta.url));

/** Columns "vs <peer>" in the speed table: the provider each row is divided by. */
const BASELINES = [
  { id: 'noop', label: 'vs no-op' },
  { id: 'otel-noop', label: 'vs OTel no-op exporter' },
  { id: 'otel-otlp', label: 'vs OTel OTLP' },
  { id: 'dd-trace', label: 'vs dd-trace@5' },
];

function rotate(list, by) {
  const k = by % list.length;
  return [...list.slice(k), ...list.slice(0, k)];
}

/**
 * Runs the span benchmark. Options: `runs`, `spans` (measured child spans per run), `warmup`,
 * `children` (per parent), `providers` (ids), `log`. Resolves with `{ results, summary, tables, problems }`.
 */
export async function runSpanBench({ runs, spans, warmup, children = 100, providers, log = () => {} }) {
  const ids = SPAN_PROVIDERS.map((p) => p.id).filter((id) => !providers || providers.includes(id));
  const sink = await launchStandInAgent();
  const results = Object.fromEntries(ids.map((id) => [id, []]));
  const problems = [];
  try {
    for (let run = 0; run < runs; run++) {
      for (const id of rotate(ids, run)) {
        await sink.reset();
        let result;
        try {
          result = await runChild({
            script: WORKER,
            args: [id],
            execArgv: ['--expose-gc'],
            env: {
              BENCH_AGENT_URL: sink.agentUrl,
              BENCH_OTLP_URL: sink.otlpUrl,
              BENCH_SPANS: String(spans),
              BENCH_WARMUP: String(warmup),
              BENCH_CHILDREN: String(children),
            },
          });
        } catch (error) {
          problems.push(`span ${id} run ${run + 1}: ${error.message}`);
          continue;
        }
        if (result.flushTimedOut) problems.push(`span ${id} run ${run + 1}: the final flush did not finish within 30 s`);
        const wire = await sink.stats();
        for (const error of wire.errors) problems.push(`span ${id} run ${run + 1}: bad payload at the sink: ${error}`);
        result.wire = { payloads: wire.payloads, bytes: wire.bytes, spans: wire.spans, headerTraceCount: wire.headerTraceCount, versions: wire.versions };
        result.received = id === 'noop' ? undefined : (result.selfCounted ?? wire.spans);
        result.bytesPerSpan = wire.spans > 0 ? wire.bytes / wire.spans : undefined;
        results[id][run] = result;
        log(
          `  span run ${run + 1}/${runs} ${id}: ${num(result.nsPerSpan)} ns/span, ` +
            `received ${result.received ?? '–'}/${result.createdSpans}, max RSS ${num(result.maxRssBytes / MB)} MB`,
        );
      }
    }
  } finally {
    await sink.close();
  }

  const series = (id, key) => (results[id] ?? []).map((r) => r?.[key]);
  const summary = {};
  for (const id of ids) {
    const rs = results[id].filter(Boolean);
    const fractions = rs.filter((r) => r.received !== undefined).map((r) => r.received / r.createdSpans);
    summary[id] = {
      nsPerSpan: summarize(series(id, 'nsPerSpan')),
      cpuNsPerSpan: summarize(series(id, 'cpuNsPerSpan')),
      ratios: Object.fromEntries(
        BASELINES.filter((b) => ids.includes(b.id)).map((b) => [b.id, pairedRatios(series(id, 'nsPerSpan'), series(b.id, 'nsPerSpan'))]),
      ),
      // CPU time is not stretched by other processes taking turns on the CPU: steadier on a busy machine.
      cpuRatios: Object.fromEntries(
        BASELINES.filter((b) => ids.includes(b.id)).map((b) => [b.id, pairedRatios(series(id, 'cpuNsPerSpan'), series(b.id, 'cpuNsPerSpan'))]),
      ),
      worstReceived: fractions.length ? rs.reduce((w, r) => (r.received / r.createdSpans < w.received / w.createdSpans ? r : w)) : undefined,
      receivedFraction: summarize(fractions),
      lostSpans: rs.reduce((sum, r) => sum + (r.received === undefined ? 0 : r.createdSpans - r.received), 0),
      bytesPerSpan: summarize(series(id, 'bytesPerSpan')),
      flushMs: summarize(series(id, 'flushMs')),
      heapAfterLoopMB: summarize(series(id, 'heapAfterLoopBytes').map((b) => b / MB)),
      retainedMB: summarize(series(id, 'retainedAfterFlushBytes').map((b) => b / MB)),
      maxRssMB: summarize(series(id, 'maxRssBytes').map((b) => b / MB)),
      faultsPerKiloSpan: summarize(series(id, 'faultsPerKiloSpan')),
      notActive: rs.reduce((sum, r) => sum + (r.notActive ?? 0), 0),
    };
    if (rs.length === 0) problems.push(`span ${id}: no run produced a result`);
  }
  for (const id of ['dd-otel', 'dd-otel-v05']) {
    if (summary[id] && summary[id].lostSpans !== 0) problems.push(`span ${id}: lost ${summary[id].lostSpans} spans (must be 0)`);
    if (summary[id]?.notActive) problems.push(`span ${id}: getActiveSpan() was not the started span ${summary[id].notActive} times`);
  }

  const label = (id) => SPAN_PROVIDERS.find((p) => p.id === id).label;
  const baselines = BASELINES.filter((b) => ids.includes(b.id));
  const speed = markdownTable(
    ['provider', 'ns/span median (min–max)', 'CPU ns/span', ...baselines.map((b) => b.label)],
    ids.map((id) => [
      label(id),
      spread(summary[id].nsPerSpan),
      spread(summary[id].cpuNsPerSpan),
      ...baselines.map((b) => (b.id === id ? '1.00×' : ratio(summary[id].ratios[b.id]))),
    ]),
  );
  const cpuTable = markdownTable(
    ['provider', 'CPU ns/span median (min–max)', ...baselines.map((b) => `CPU ${b.label}`)],
    ids.map((id) => [
      label(id),
      spread(summary[id].cpuNsPerSpan),
      ...baselines.map((b) => (b.id === id ? '1.00×' : ratio(summary[id].cpuRatios[b.id]))),
    ]),
  );
  const exportTable = markdownTable(
    ['provider', 'received / created (worst run)', 'bytes/span on the wire', 'final flush ms', 'heap after loop, no GC (MB)', 'retained after flush + GC (MB)', 'max RSS (MB)', 'page faults / 1k spans (loop)', 'getActiveSpan mismatches'],
    ids.map((id) => {
      const s = summary[id];
      const worst = s.worstReceived;
      return [
        label(id),
        worst ? `${num(worst.received)} / ${num(worst.createdSpans)}` : '–',
        spread(s.bytesPerSpan),
        spread(s.flushMs, 1),
        spread(s.heapAfterLoopMB, 1),
        spread(s.retainedMB, 1),
        spread(s.maxRssMB),
        spread(s.faultsPerKiloSpan, 1),
        id === 'noop' ? '–' : num(s.notActive),
      ];
    }),
  );
  return {
    config: { runs, spans, warmup, children, providers: ids },
    results,
    summary,
    problems,
    tables: [
      { title: `Span pipeline: speed (${num(spans)} measured child spans + ${num(warmup)} warm-up per run, ${runs} run(s))`, markdown: speed },
      { title: 'Span pipeline: CPU time (process.cpuUsage, all threads) and its ratios, run by run', markdown: cpuTable },
      { title: 'Span pipeline: export, memory, correctness', markdown: exportTable },
    ],
  };
}
