#!/usr/bin/env node
/**
 * Where the time goes. Runs one benchmark subject with V8's CPU profiler (the profiler behind
 * `--cpu-prof`, started through node:inspector around the measured window only, 100 µs sampling)
 * and prints the top functions and files by self time; dd-otel's bundles are mapped back to
 * packages/<name>/src through their source maps.
 *
 *   node tools/bench/profile.mjs [span-provider=dd-otel] [--spans N] [--top N]
 *   node tools/bench/profile.mjs --http <express|fastify|nest> [variant=dd-otel] [--seconds S] [--top N]
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { summarizeCpuProfile } from './lib/cpu-profile-summary.mjs';
import { markdownTable, num } from './lib/format.mjs';
import { runChild, startChild } from './lib/processes.mjs';
import { launchStandInAgent } from './lib/stand-in-agent-client.mjs';

const args = process.argv.slice(2);
const flag = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? args.splice(i, 2)[1] : fallback;
};
const top = Number(flag('--top', '30'));
const httpFramework = flag('--http', undefined);
const spans = Number(flag('--spans', '200000'));
const seconds = Number(flag('--seconds', '10'));
const here = (path) => fileURLToPath(new URL(path, import.meta.url));
const file = join(mkdtempSync(join(tmpdir(), 'dd-otel-bench-prof-')), 'profile.cpuprofile');

async function profileSpan(sink, provider) {
  const result = await runChild({
    script: here('./span/span-worker.mjs'),
    args: [provider],
    execArgv: ['--expose-gc'],
    env: {
      BENCH_CPU_PROFILE: file,
      BENCH_AGENT_URL: sink.agentUrl,
      BENCH_OTLP_URL: sink.otlpUrl,
      BENCH_SPANS: String(spans),
      BENCH_WARMUP: String(Math.round(spans / 10)),
    },
  });
  const wire = await sink.stats();
  return `${provider}: ${num(result.nsPerSpan)} ns/span while profiled, received ${wire.spans || result.selfCounted || 0}/${result.createdSpans}; window: measured loop + final flush`;
}

async function profileHttp(sink, framework, variant) {
  const server = startChild({
    script: here('./http/server.cjs'),
    args: [framework, variant],
    cpu: 1,
    env: { BENCH_AGENT_URL: sink.agentUrl, BENCH_OTLP_URL: sink.otlpUrl, DD_TRACE_AGENT_URL: sink.agentUrl },
  });
  try {
    const ready = await server.next('ready');
    if (ready.error) throw new Error(ready.error);
    const url = `http://127.0.0.1:${ready.port}/`;
    const load = (s) => runChild({ script: here('./http/load.mjs'), args: [url, '50', String(s)], cpu: 0 });
    await load(3);
    const before = await server.request({ type: 'usage' });
    await server.request({ type: 'window-start', kind: 'profile' });
    const measured = await load(seconds);
    await server.request({ type: 'window-stop', file });
    const after = await server.request({ type: 'usage' });
    const perRequest = (after.cpuMicros - before.cpuMicros) / (after.requests - before.requests);
    return `${framework} ${variant}: ${num(measured.reqPerSecond)} req/s, ${num(perRequest, 1)} µs server CPU/request while profiled; window: ${seconds} s of load after 3 s warm-up`;
  } finally {
    server.child.disconnect?.();
    await server.stop();
  }
}

const sink = await launchStandInAgent();
try {
  const headline = httpFramework ? await profileHttp(sink, httpFramework, args[0] ?? 'dd-otel') : await profileSpan(sink, args[0] ?? 'dd-otel');
  const summary = summarizeCpuProfile(file, top);
  console.log(`${headline}\nProfile: ${file} (${num(summary.totalMs)} ms busy + ${num(summary.idleMs)} ms idle sampled; shares are of the busy time)\n`);
  console.log(`## By package\n`);
  console.log(markdownTable(['package', 'self ms', 'share'], summary.packages.map((p) => [p.package, num(p.selfMs), `${num(p.share * 100, 1)} %`])));
  console.log('');
  console.log(`## Top ${top} functions by self time\n`);
  console.log(markdownTable(['function', 'file', 'self ms', 'share'], summary.functions.map((f) => [f.name, f.file, num(f.selfMs), `${num(f.share * 100, 1)} %`])));
  console.log(`\n## Top files by self time\n`);
  console.log(markdownTable(['file', 'self ms', 'share'], summary.files.map((f) => [f.file, num(f.selfMs), `${num(f.share * 100, 1)} %`])));
} finally {
  await sink.close();
}
