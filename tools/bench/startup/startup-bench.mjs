// Startup and footprint: time from the first line of a fresh process to "tracing ready"
// (imports + init), and the installed size of each set-up.
import { fileURLToPath } from 'node:url';
import { MB, markdownTable, num, spread } from '../lib/format.mjs';
import { builtPackageEntry } from '../lib/paths.mjs';
import { runChild } from '../lib/processes.mjs';
import { summarize } from '../lib/stats.mjs';
import { measureFootprints } from './footprint.mjs';

const script = (name) => fileURLToPath(new URL(`./scripts/${name}`, import.meta.url));

function startupVariants(notes) {
  const variants = [
    { id: 'node', label: 'node, empty script (context)', script: script('node-baseline.cjs') },
    { id: 'otel-api-floor', label: '@opentelemetry/api: require only (floor under dd-otel)', script: script('otel-api-floor.cjs') },
  ];
  if (builtPackageEntry('core')) {
    variants.push({ id: 'dd-otel-core', label: 'dd-otel core: require + init()', script: script('dd-otel.cjs') });
    for (const framework of ['express', 'fastify']) {
      if (builtPackageEntry(framework)) {
        variants.push({ id: `dd-otel-core-${framework}`, label: `dd-otel core + ${framework}: require both + init()`, script: script('dd-otel.cjs'), args: [framework] });
      } else notes.push(`dd-otel core + ${framework} startup row skipped: packages/${framework}/dist is not built.`);
    }
    if (builtPackageEntry('express')) {
      variants.push({ id: 'dd-otel-core-express-esm', label: 'dd-otel core + express, ES module app: import both + init()', script: script('dd-otel.mjs'), args: ['express'] });
    }
  } else notes.push('dd-otel startup rows skipped: packages/core/dist is not built.');
  variants.push(
    { id: 'dd-trace', label: 'dd-trace@5: init() + TracerProvider', script: script('dd-trace.cjs') },
    { id: 'otel-sdk', label: 'OTel SDK + OTLP/proto', script: script('otel-sdk.cjs') },
    { id: 'otel-sdk-express', label: 'OTel SDK + OTLP/proto + http + express instrumentations', script: script('otel-sdk.cjs'), args: ['express'] },
  );
  return variants;
}

function rotate(list, by) {
  const k = by % list.length;
  return [...list.slice(k), ...list.slice(0, k)];
}

/** Options: `runs` (fresh processes per variant), `log`. */
export async function runStartupBench({ runs, log = () => {} }) {
  const notes = [];
  const problems = [];
  const variants = startupVariants(notes);
  const results = Object.fromEntries(variants.map((v) => [v.id, []]));
  // Nothing listens there: set-ups must not need an Agent to start.
  const env = { BENCH_AGENT_URL: 'http://127.0.0.1:9', BENCH_OTLP_URL: 'http://127.0.0.1:9', DD_TRACE_AGENT_URL: 'http://127.0.0.1:9' };
  for (let run = 0; run < runs; run++) {
    for (const variant of rotate(variants, run)) {
      try {
        results[variant.id][run] = await runChild({ script: variant.script, args: variant.args ?? [], env, quiet: true }, 60_000);
      } catch (error) {
        problems.push(`startup ${variant.id} run ${run + 1}: ${error.message}`);
      }
    }
    log(`  startup run ${run + 1}/${runs} done`);
  }
  const summary = {};
  for (const v of variants) {
    summary[v.id] = {
      importInitMs: summarize(results[v.id].map((r) => r?.importInitMs)),
      processStartToReadyMs: summarize(results[v.id].map((r) => r?.processStartToReadyMs)),
    };
    if (!summary[v.id].importInitMs) problems.push(`startup ${v.id}: no run produced a result`);
  }

  let footprints = [];
  try {
    footprints = measureFootprints();
  } catch (error) {
    problems.push(`footprint: ${error.message}`);
  }
  const startupTable = markdownTable(
    ['set-up', 'import + init ms median (min–max)', 'process start → ready ms'],
    variants.map((v) => [v.label, spread(summary[v.id].importInitMs, 1), spread(summary[v.id].processStartToReadyMs, 1)]),
  );
  const footprintTable = markdownTable(
    ['set-up (peers such as @opentelemetry/api excluded)', 'installed MB', 'packages', 'detail'],
    footprints.map((f) => [
      f.label,
      num(f.bytes / MB, 2),
      num(f.packages),
      f.ownPackedBytes !== undefined
        ? `own packages ${num(f.ownPackedBytes / MB, 2)} MB unpacked (${num(f.ownTarballBytes / 1024)} KB packed) + runtime deps ${num(f.dependencyBytes / MB, 2)} MB`
        : 'installed dependency closure in node_modules',
    ]),
  );
  return {
    config: { runs },
    results,
    summary,
    footprints,
    problems,
    notes,
    tables: [
      { title: `Startup: fresh process, first line → tracing ready (${runs} run(s))`, markdown: startupTable },
      { title: 'Installed footprint', markdown: footprintTable },
    ],
  };
}
