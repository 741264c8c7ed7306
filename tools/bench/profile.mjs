#!/usr/bin/env node
/**
 * Profiles one span-bench provider: runs the span worker with V8's CPU profiler (the one behind
 * `--cpu-prof`, started through node:inspector around the measured loop and final flush only, at
 * a 100 µs sampling interval) against the stand-in agent, and prints the top functions and files
 * by self time (dd-otel's bundle is mapped back to packages/core/src through its source map).
 *
 *   node tools/bench/profile.mjs [provider=dd-otel] [--spans N] [--top N]
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { markdownTable, num } from './lib/format.mjs';
import { runChild } from './lib/processes.mjs';
import { launchStandInAgent } from './lib/stand-in-agent-client.mjs';
import { summarizeCpuProfile } from './lib/cpu-profile-summary.mjs';

const args = process.argv.slice(2);
const flag = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? args.splice(i, 2)[1] : fallback;
};
const spans = Number(flag('--spans', '200000'));
const top = Number(flag('--top', '30'));
const provider = args[0] ?? 'dd-otel';

const dir = mkdtempSync(join(tmpdir(), 'dd-otel-bench-prof-'));
const sink = await launchStandInAgent();
try {
  const result = await runChild({
    script: fileURLToPath(new URL('./span/span-worker.mjs', import.meta.url)),
    args: [provider],
    execArgv: ['--expose-gc'],
    env: { BENCH_CPU_PROFILE: join(dir, 'span-worker.cpuprofile'), BENCH_AGENT_URL: sink.agentUrl, BENCH_OTLP_URL: sink.otlpUrl, BENCH_SPANS: String(spans), BENCH_WARMUP: String(Math.round(spans / 10)) },
  });
  const wire = await sink.stats();
  console.log(
    `${provider}: ${num(result.nsPerSpan)} ns/span (profiled, so slower), received ${wire.spans || result.selfCounted || 0}/${result.createdSpans}\n`,
  );
  const file = join(dir, 'span-worker.cpuprofile');
  const summary = summarizeCpuProfile(file, top);
  console.log(`Profile: ${file} (${num(summary.totalMs)} ms sampled: measured loop + final flush)\n`);
  console.log(`## Top ${top} functions by self time\n`);
  console.log(markdownTable(['function', 'file', 'self ms', 'share'], summary.functions.map((f) => [f.name, f.file, num(f.selfMs), `${num(f.share * 100, 1)} %`])));
  console.log(`\n## Top files by self time\n`);
  console.log(markdownTable(['file', 'self ms', 'share'], summary.files.map((f) => [f.file, num(f.selfMs), `${num(f.share * 100, 1)} %`])));
} finally {
  await sink.close();
}
