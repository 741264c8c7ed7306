#!/usr/bin/env node
/**
 * `npm run bench`: dd-otel side by side with dd-trace@5 and the OpenTelemetry SDK. Prints one
 * markdown table per benchmark, the targets with PASS/MISS, and writes everything as JSON to
 * tools/bench/results/<timestamp>.json. Exits non-zero when a benchmark failed to produce its
 * rows or dd-otel lost a span (never because of a timing). See README.md.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { runEncoderBench } from './encoder/encoder-bench.mjs';
import { runHttpBench } from './http/http-bench.mjs';
import { USAGE, parseArgs } from './lib/args.mjs';
import { markdownTable } from './lib/format.mjs';
import { benchRoot, builtPackageEntry, installedVersion, repoRoot } from './lib/paths.mjs';
import { evaluateTargets } from './lib/targets.mjs';
import { runSpanBench } from './span/span-bench.mjs';
import { runStartupBench } from './startup/startup-bench.mjs';


const PEERS = [
  '@dd-otel/core',
  'dd-trace',
  '@opentelemetry/api',
  '@opentelemetry/sdk-trace-base',
  '@opentelemetry/sdk-trace-node',
  '@opentelemetry/exporter-trace-otlp-proto',
  '@opentelemetry/instrumentation-http',
  '@opentelemetry/instrumentation-express',
  '@opentelemetry/instrumentation-nestjs-core',
  '@fastify/otel',
  'express',
  'fastify',
  '@nestjs/core',
  '@nestjs/platform-express',
  'autocannon',
  'msgpackr',
];

/** Per-benchmark settings: full defaults, smoke sizes, overridden by the command line. */
function settings(options) {
  const smoke = options.smoke;
  const runs = (full) => options.runs ?? (smoke ? 1 : full);
  return {
    span: { runs: runs(5), spans: options.spans ?? (smoke ? 2_000 : 200_000), warmup: options.warmup ?? (smoke ? 500 : 20_000), providers: options.providers },
    encoder: { runs: runs(5), iterations: smoke ? 20 : 1_000, warmup: smoke ? 5 : 200, chunks: smoke ? 50 : 250 },
    http: {
      runs: runs(3),
      connections: options.connections ?? (smoke ? 10 : 50),
      warmupSeconds: options.httpWarmup ?? (smoke ? 1 : 5),
      seconds: options.duration ?? (smoke ? 2 : 10),
      frameworks: options.frameworks,
    },
    startup: { runs: runs(10) },
  };
}

const RUNNERS = { span: runSpanBench, encoder: runEncoderBench, http: runHttpBench, startup: runStartupBench };

async function main() {
  let options;
  try {
    options = parseArgs(process.argv.slice(2));
  } catch (error) {
    console.error(`${error.message}\n\n${USAGE}`);
    return 2;
  }
  if (options.help) {
    console.log(USAGE);
    return 0;
  }
  const startedAt = new Date();
  const loadAverageAtStart = loadavg();
  const log = (line) => console.error(line);
  const config = settings(options);
  // The stand-in agents (child processes) keep a smoke run's few bodies in a small arena.
  if (options.smoke) process.env.BENCH_AGENT_ARENA_MB ??= '16';
  const problems = [];
  if (!builtPackageEntry('core')) problems.push('packages/core/dist is missing: build first (npm run build, or cd packages/core && npx tsup)');

  console.log(`# dd-otel benchmarks${options.smoke ? ' (smoke: sizes too small for meaningful numbers)' : ''}\n`);
  console.log(
    `node ${process.version}, ${availableParallelism()} CPU(s) "${cpus()[0]?.model ?? '?'}", ${Math.round(totalmem() / 2 ** 30)} GiB, ` +
      `load average ${loadavg().map((l) => l.toFixed(1)).join(' / ')} (1/5/15 min; other work on the machine stretches wall times); ` +
      `started ${startedAt.toISOString()}; command: node tools/bench/run.mjs ${process.argv.slice(2).join(' ')}\n`,
  );
  const versions = Object.fromEntries(PEERS.map((name) => [name, installedVersion(name)]));
  console.log(`versions: ${Object.entries(versions).map(([n, v]) => `${n} ${v ?? '?'}`).join(', ')}\n`);
  const benchmarks = {};
  for (const name of options.only) {
    // The span bench needs core's dist; the others skip their dd-otel rows with a note instead.
    if (name === 'span' && !builtPackageEntry('core')) continue;
    log(`▶ ${name} ${JSON.stringify(config[name])}`);
    const t0 = Date.now();
    try {
      benchmarks[name] = await RUNNERS[name]({ ...config[name], log });
    } catch (error) {
      problems.push(`${name}: ${error.stack ?? error.message}`);
      continue;
    }
    const result = benchmarks[name];
    problems.push(...result.problems);
    for (const table of result.tables) console.log(`## ${table.title}\n\n${table.markdown}\n`);
    for (const note of result.notes ?? []) console.log(`- note: ${note}`);
    if (result.notes?.length) console.log('');
    log(`  ${name} took ${((Date.now() - t0) / 1000).toFixed(0)} s`);
  }

  const targets = evaluateTargets(benchmarks);
  const targetsTitle = options.smoke ? 'Targets (smoke sizes: timings not meaningful, never asserted)' : 'Targets';
  console.log(`## ${targetsTitle}\n\n${markdownTable(['target', 'dd-otel', 'verdict'], targets.map((t) => [t.target, t.value, t.verdict]))}\n`);
  if (problems.length > 0) {
    console.log(`## Problems\n\n${problems.map((p) => `- ${p}`).join('\n')}\n`);
  }

  // Smoke runs (the test suite) overwrite one file instead of piling up timestamped ones.
  const stamp = options.smoke ? 'smoke-latest' : startedAt.toISOString().replaceAll(':', '-').replace('.', '-');
  const out = options.out ? resolve(options.out) : join(benchRoot, 'results', `${stamp}.json`);
  mkdirSync(dirname(out), { recursive: true });
  const report = {
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    command: `node tools/bench/run.mjs ${process.argv.slice(2).join(' ')}`.trim(),
    machine: {
      node: process.version,
      cpus: availableParallelism(),
      cpuModel: cpus()[0]?.model,
      memoryBytes: totalmem(),
      platform: process.platform,
      loadAverageAtStart,
      loadAverageAtEnd: loadavg(),
    },
    versions,
    options,
    settings: config,
    benchmarks,
    targets,
    problems,
  };
  writeFileSync(out, `${JSON.stringify(report, null, 1)}\n`);
  console.log(`load average at the end: ${loadavg().map((l) => l.toFixed(1)).join(' / ')}`);
  console.log(`JSON: ${out.startsWith(repoRoot) ? out.slice(repoRoot.length + 1) : out}`);
  return problems.length > 0 ? 1 : 0;
}

process.exitCode = await main();
