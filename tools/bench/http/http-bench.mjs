// HTTP overhead benchmark (perf/anchors.md §2): hello-world Express, Fastify and Nest (on
// Express), bare vs each tracer. Server pinned to CPU 1, autocannon and the stand-in agent to
// CPU 0 (when taskset and two CPUs exist). Variants of one framework run back to back, rotated
// each round; ratios and added CPU are taken within a round.
import { fileURLToPath } from 'node:url';
import { markdownTable, num, ratio, spread } from '../lib/format.mjs';
import { builtPackageEntry } from '../lib/paths.mjs';
import { canPin, runChild, startChild } from '../lib/processes.mjs';
import { launchStandInAgent } from '../lib/stand-in-agent-client.mjs';
import { pairedDifferences, pairedRatios, summarize } from '../lib/stats.mjs';
import { HTTP_FRAMEWORKS, HTTP_FRAMEWORK_NAMES } from './frameworks.cjs';

const SERVER = fileURLToPath(new URL('./server.cjs', import.meta.url));
const LOAD = fileURLToPath(new URL('./load.mjs', import.meta.url));
const SERVER_CPU = 1;
const LOAD_CPU = 0;

const VARIANTS = [
  { id: 'bare', label: 'bare' },
  { id: 'context-floor', label: 'bare + AsyncLocalStorage (context floor)' },
  { id: 'dd-otel', label: 'dd-otel' },
  { id: 'dd-trace', label: 'dd-trace@5' },
  { id: 'otel', label: 'OTel SDK + OTLP' },
];

function rotate(list, by) {
  const k = by % list.length;
  return [...list.slice(k), ...list.slice(0, k)];
}

async function load(url, connections, seconds) {
  return runChild({ script: LOAD, args: [url, String(connections), String(seconds)], cpu: LOAD_CPU });
}

async function measureVariant(framework, variant, sink, { connections, warmupSeconds, seconds }) {
  const server = startChild({
    script: SERVER,
    args: [framework, variant],
    cpu: SERVER_CPU,
    env: { BENCH_AGENT_URL: sink.agentUrl, BENCH_OTLP_URL: sink.otlpUrl, DD_TRACE_AGENT_URL: sink.agentUrl },
  });
  try {
    const ready = await server.next('ready');
    if (ready.error) throw new Error(ready.error.split('\n')[0]);
    const url = `http://127.0.0.1:${ready.port}/`;
    if (warmupSeconds > 0) await load(url, connections, warmupSeconds);
    const before = await server.request({ type: 'usage' });
    const measured = await load(url, connections, seconds);
    const after = await server.request({ type: 'usage' });
    const flushed = await server.request({ type: 'flush' });
    const wire = await sink.stats();
    const served = after.requests - before.requests;
    return {
      ...measured,
      serverRequests: served,
      cpuMicrosPerRequest: served > 0 ? (after.cpuMicros - before.cpuMicros) / served : undefined,
      spansPerRequest: variant === 'bare' || variant === 'context-floor' ? undefined : wire.spans / flushed.requests,
      wireErrors: wire.errors,
    };
  } finally {
    server.child.disconnect?.();
    await server.stop();
  }
}

/** Options: `runs` (rounds), `connections`, `warmupSeconds`, `seconds`, `frameworks`, `log`. */
export async function runHttpBench({ runs, connections, warmupSeconds, seconds, frameworks = HTTP_FRAMEWORK_NAMES, log = () => {} }) {
  const notes = [];
  const problems = [];
  if (!canPin(2)) notes.push('taskset or a second CPU is missing: server and load generator are not pinned.');
  const variantsFor = (framework) =>
    VARIANTS.filter((v) => {
      if (v.id !== 'dd-otel') return true;
      const folder = HTTP_FRAMEWORKS[framework].ddOtelPackage;
      if (builtPackageEntry(folder) && builtPackageEntry('core')) return true;
      notes.push(`dd-otel ${framework} row skipped: packages/${folder}/dist (or packages/core/dist) is not built.`);
      return false;
    });
  const sink = await launchStandInAgent({ cpu: canPin(2) ? LOAD_CPU : undefined });
  const results = {};
  try {
    for (const framework of frameworks) {
      const variants = variantsFor(framework);
      results[framework] = Object.fromEntries(variants.map((v) => [v.id, []]));
      for (let round = 0; round < runs; round++) {
        for (const variant of rotate(variants, round)) {
          await sink.reset();
          try {
            const r = await measureVariant(framework, variant.id, sink, { connections, warmupSeconds, seconds });
            results[framework][variant.id][round] = r;
            for (const e of r.wireErrors) problems.push(`http ${framework} ${variant.id}: bad payload at the sink: ${e}`);
            if (r.errors || r.non2xx) problems.push(`http ${framework} ${variant.id} round ${round + 1}: ${r.errors} errors, ${r.non2xx} non-2xx`);
            // Every dd-otel framework package promises one server span per request (never two, none lost).
            if (variant.id === 'dd-otel' && r.spansPerRequest !== 1) {
              problems.push(`http ${framework} dd-otel round ${round + 1}: ${num(r.spansPerRequest, 3)} spans per request at the agent, expected exactly 1`);
            }
            log(
              `  http round ${round + 1}/${runs} ${framework} ${variant.id}: ${num(r.reqPerSecond)} req/s, ` +
                `p99 ${r.p99Ms} ms, ${num(r.cpuMicrosPerRequest, 1)} µs CPU/req`,
            );
          } catch (error) {
            problems.push(`http ${framework} ${variant.id} round ${round + 1}: ${error.message}`);
          }
        }
      }
    }
  } finally {
    await sink.close();
  }

  const summary = {};
  const rows = [];
  const addedRows = [];
  for (const framework of frameworks) {
    const byVariant = results[framework];
    const series = (id, key) => (byVariant[id] ?? []).map((r) => r?.[key]);
    summary[framework] = {};
    for (const id of Object.keys(byVariant)) {
      const s = {
        reqPerSecond: summarize(series(id, 'reqPerSecond')),
        p99Ms: summarize(series(id, 'p99Ms')),
        cpuMicrosPerRequest: summarize(series(id, 'cpuMicrosPerRequest')),
        throughputVsBare: pairedRatios(series(id, 'reqPerSecond'), series('bare', 'reqPerSecond')),
        cpuVsBare: pairedRatios(series(id, 'cpuMicrosPerRequest'), series('bare', 'cpuMicrosPerRequest')),
        addedCpuMicros: pairedDifferences(series(id, 'cpuMicrosPerRequest'), series('bare', 'cpuMicrosPerRequest')),
        spansPerRequest: summarize(series(id, 'spansPerRequest')),
      };
      summary[framework][id] = s;
      if (!s.reqPerSecond) problems.push(`http ${framework} ${id}: no round produced a result`);
      const label = `${HTTP_FRAMEWORKS[framework].label} ${VARIANTS.find((v) => v.id === id).label}`;
      rows.push([
        label,
        spread(s.reqPerSecond),
        spread(s.p99Ms),
        id === 'bare' ? '1.00' : ratio(s.throughputVsBare),
        spread(s.cpuMicrosPerRequest, 1),
        id === 'bare' ? '1.00' : ratio(s.cpuVsBare),
        id === 'bare' ? '–' : spread(s.spansPerRequest, 2),
      ]);
      if (id !== 'bare') addedRows.push([label, s.addedCpuMicros ? `+${spread(s.addedCpuMicros, 1)}` : '–']);
    }
  }
  return {
    config: { runs, connections, warmupSeconds, seconds, frameworks, pinned: canPin(2) },
    results,
    summary,
    problems,
    notes,
    tables: [
      {
        title: `HTTP overhead (autocannon -c ${connections} -d ${seconds} after ${warmupSeconds} s warm-up, ${runs} round(s))`,
        markdown: markdownTable(
          ['variant', 'req/s median (min–max)', 'p99 ms', 'throughput vs bare', 'server CPU µs/req', 'CPU/req vs bare', 'spans/req'],
          rows,
        ),
      },
      { title: 'HTTP: server CPU added per request by the tracer (µs, vs bare in the same round)', markdown: markdownTable(['variant', 'added CPU µs/req'], addedRows) },
    ],
  };
}
