#!/usr/bin/env node
// Paired A/B of the HTTP bench server's CPU per request across builds (e.g. bare / before / after).
// A 1 µs change is smaller than the drift between two bench invocations on a shared box, so every
// round measures every subject back to back (order reversed on odd rounds, so none always goes
// first) and the figure to read is the per-round difference to the baseline, summarised by median.
import { fileURLToPath } from 'node:url';
import { markdownTable, num, spread } from '../lib/format.mjs';
import { canPin, runChild, startChild } from '../lib/processes.mjs';
import { launchStandInAgent } from '../lib/stand-in-agent-client.mjs';
import { pairedDifferences, pairedRatios, steadyRounds, summarize } from '../lib/stats.mjs';
import { SUBJECT_OPTIONS, baselineLabel, parseFlags, shownEnv, shownRoot } from './compare-options.mjs';

const USAGE = `Usage: node tools/bench/http/ab.mjs [options]

  --framework NAME     express, fastify or nest (default fastify)
  --subject SPEC       label[:variant]=root[,NAME=VALUE...], repeatable; root relative to the repo
                       root, variant bare|context-floor|dd-otel|dd-trace|otel (default: bare for label bare,
                       else dd-otel); NAME=VALUE go into that server's environment
                       (default: --subject bare=. --subject dd-otel=.)
  --baseline LABEL     subject the others are paired against (default bare, else the first)
  --rounds N           rounds; each measures every subject once (default 8)
  --seconds S          measured seconds per subject and round (default 5)
  --warmup S           warm-up seconds per server before measuring (default 2)
  --connections N      autocannon connections (default 50)
  --rate N             requests per second for every subject (default: as many as each serves);
                       below every subject's limit, CPU per request is compared at equal load
  --interleave         start each subject's server once (all on the server CPU, idle but for
                       their own turn) and measure them in alternating rounds of --seconds:
                       pairs come seconds apart instead of a server start apart, for a box whose
                       speed changes from minute to minute (use more, shorter rounds)

Example: node tools/bench/http/ab.mjs --subject bare=. --subject before=/tmp/ab/before --subject after=.`;

const SPEC = {
  ...SUBJECT_OPTIONS,
  '--rounds': ['rounds', 'int'],
  '--seconds': ['seconds', 'duration'],
  '--warmup': ['warmup', 'seconds'],
  '--connections': ['connections', 'int'],
  '--rate': ['rate', 'int'],
  '--interleave': ['interleave', 'flag'],
};
const DEFAULTS = { framework: 'fastify', rounds: 8, seconds: 5, warmup: 2, connections: 50 };
// The load generator is this tree's for every subject: only the server differs between rows.
const LOAD = fileURLToPath(new URL('./load.mjs', import.meta.url));
const pinned = canPin(2);
const SERVER_CPU = pinned ? 1 : undefined;
const LOAD_CPU = pinned ? 0 : undefined;

async function load(url, { connections, rate }, seconds) {
  const args = [url, String(connections), String(seconds)];
  if (rate !== undefined) args.push(String(rate));
  const result = await runChild({ script: LOAD, args, cpu: LOAD_CPU });
  if (result.errors || result.non2xx || result.timeouts) {
    throw new Error(`load on ${url}: ${result.errors} errors, ${result.non2xx} non-2xx, ${result.timeouts} timeouts`);
  }
  return result;
}

/** A started and warmed-up server of `subject`: `{ server, url, stop() }`. */
async function startServer(subject, options, sink) {
  const server = startChild({
    script: subject.server,
    args: [options.framework, subject.variant],
    cpu: SERVER_CPU,
    env: { BENCH_AGENT_URL: sink.agentUrl, BENCH_OTLP_URL: sink.otlpUrl, DD_TRACE_AGENT_URL: sink.agentUrl, ...subject.env },
  });
  const stop = async () => {
    server.child.disconnect?.();
    await server.stop();
  };
  try {
    const ready = await server.next('ready');
    if (ready.error) throw new Error(`${subject.label} server: ${ready.error.split('\n')[0]}`);
    const url = `http://127.0.0.1:${ready.port}/`;
    if (options.warmup > 0) await load(url, options, options.warmup);
    return { server, url, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** The server's own CPU time over one measured window ÷ requests it served. */
async function measureWindow(label, { server, url }, options) {
  const before = await server.request({ type: 'usage' });
  const measured = await load(url, options, options.seconds);
  const after = await server.request({ type: 'usage' });
  const served = after.requests - before.requests;
  if (served <= 0) throw new Error(`${label} server served no request in the measured window`);
  return {
    cpuMicrosPerRequest: (after.cpuMicros - before.cpuMicros) / served,
    faultsPerKiloRequest: ((after.minorFaults - before.minorFaults) * 1000) / served,
    reqPerSecond: measured.reqPerSecond,
  };
}

/** One fresh server of `subject`: warm-up, then one measured window. */
async function measure(subject, options, sink) {
  const started = await startServer(subject, options, sink);
  try {
    return await measureWindow(subject.label, started, options);
  } finally {
    await started.stop();
  }
}

function report(options, baseline, results) {
  const series = (label, key) => results[label].map((r) => r[key]);
  const rows = options.subjects.map((s) => {
    const cpu = series(s.label, 'cpuMicrosPerRequest');
    const diffs = cpu.map((v, i) => v - results[baseline][i].cpuMicrosPerRequest);
    return [
      s.label,
      s.variant,
      shownRoot(s.root),
      shownEnv(s.env),
      spread(summarize(cpu), 1),
      s.label === baseline ? '–' : spread(pairedDifferences(cpu, series(baseline, 'cpuMicrosPerRequest')), 2),
      s.label === baseline ? '–' : diffs.map((d) => num(d, 1)).join(', '),
      spread(summarize(series(s.label, 'faultsPerKiloRequest')), 1),
      spread(summarize(series(s.label, 'reqPerSecond'))),
    ];
  });
  const header = ['subject', 'variant', 'root', 'env', 'server CPU µs/req', `− ${baseline} µs/req (paired)`, `per round − ${baseline}`, 'page faults / 1k req', 'req/s'];
  console.log(`\n${options.framework}, ${options.rounds} round(s) × ${options.seconds} s after ${options.warmup} s warm-up${options.interleave ? ' (servers started once, interleaved)' : ''}, ` +
    `${options.connections} connections${options.rate === undefined ? '' : ` at ${options.rate} req/s`}${pinned ? ', server on CPU 1, load + agent on CPU 0' : ', not pinned'}; median (min–max)\n`);
  console.log(markdownTable(header, rows));
  reportSteadyRounds(options, baseline, series);
  if (options.rate === undefined) return;
  // A subject that cannot keep up runs at its own limit: its row is not at the common load.
  const behind = options.subjects.filter((s) => (summarize(series(s.label, 'reqPerSecond'))?.median ?? 0) < 0.95 * options.rate);
  if (behind.length > 0) {
    console.log(`\nnot at ${options.rate} req/s (median below 95 %): ${behind.map((s) => s.label).join(', ')}; lower --rate`);
  }
}

/** Baseline rounds within this fraction of its fastest one count as steady (see `steadyRounds`). */
const STEADY_TOLERANCE = 0.15;

/**
 * The paired differences again, over the rounds where the baseline ran near its best (all of
 * them on a quiet box), with the added CPU as a share of the baseline's: the reading for a box
 * that slows down in phases. The full table above stays the record.
 */
function reportSteadyRounds(options, baseline, series) {
  const baselineCpu = series(baseline, 'cpuMicrosPerRequest');
  const steady = steadyRounds(baselineCpu, STEADY_TOLERANCE);
  const pick = (values) => steady.map((i) => values[i]);
  const lines = options.subjects
    .filter((s) => s.label !== baseline)
    .map((s) => {
      const subjectCpu = pick(series(s.label, 'cpuMicrosPerRequest'));
      const added = pairedRatios(subjectCpu, pick(baselineCpu));
      const share = added === undefined ? '' : ` (+${num((added.median - 1) * 100, 0)} % of ${baseline})`;
      return `${s.label} − ${baseline} ${spread(pairedDifferences(subjectCpu, pick(baselineCpu)), 2)}${share}`;
    });
  const fastest = summarize(baselineCpu)?.min;
  console.log(
    `\nsteady rounds (${baseline} within ${STEADY_TOLERANCE * 100} % of its fastest round, ${num(fastest ?? Number.NaN, 1)} µs): ` +
      `${steady.length} of ${options.rounds}${steady.length === 0 ? '' : `; paired, median (min–max): ${lines.join('; ')}`}`,
  );
}

async function main() {
  const options = parseFlags(process.argv.slice(2), SPEC, DEFAULTS, ['bare=.', 'dd-otel=.']);
  if (options.help) return console.log(USAGE);
  const baseline = baselineLabel(options);
  const sink = await launchStandInAgent({ cpu: LOAD_CPU });
  const results = Object.fromEntries(options.subjects.map((s) => [s.label, []]));
  const servers = {};
  try {
    if (options.interleave) {
      for (const subject of options.subjects) servers[subject.label] = await startServer(subject, options, sink);
    }
    for (let round = 0; round < options.rounds; round++) {
      const order = round % 2 ? [...options.subjects].reverse() : options.subjects;
      for (const subject of order) {
        await sink.reset(); // the stand-in keeps every body it received
        results[subject.label][round] = options.interleave
          ? await measureWindow(subject.label, servers[subject.label], options)
          : await measure(subject, options, sink);
      }
      const line = options.subjects.map((s) => `${s.label} ${num(results[s.label][round].cpuMicrosPerRequest, 1)}`).join(', ');
      console.error(`round ${round + 1}/${options.rounds} (µs CPU/req): ${line}`);
    }
  } finally {
    for (const started of Object.values(servers)) await started.stop();
    await sink.close();
  }
  report(options, baseline, results);
}

main().catch((error) => {
  console.error(error instanceof TypeError ? `${error.message}\n\n${USAGE}` : `ab: ${error.message ?? error}`);
  process.exitCode = 1;
});
