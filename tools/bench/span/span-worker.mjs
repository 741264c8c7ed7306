// One span-bench run of one provider in a fresh process (started with --expose-gc).
// argv: <providerId>; env: BENCH_AGENT_URL, BENCH_OTLP_URL, BENCH_SPANS, BENCH_WARMUP, BENCH_CHILDREN,
// and BENCH_CPU_PROFILE=<file> to write a V8 CPU profile of the measured loop + final flush only
// (module loading and warm-up left out), as profile.mjs does.
import { setTimeout as sleep } from 'node:timers/promises';
import { trace } from '@opentelemetry/api';
import { setUpProvider } from './providers.mjs';
import { runParents } from './workload.mjs';
import { WINDOWS } from '../lib/inspector-windows.cjs';

const providerId = process.argv[2];
const children = Number(process.env.BENCH_CHILDREN ?? 100);
const measuredParents = Math.ceil(Number(process.env.BENCH_SPANS ?? 200_000) / children);
const warmupParents = Math.ceil(Number(process.env.BENCH_WARMUP ?? 20_000) / children);

const setup = await setUpProvider(providerId, { agentUrl: process.env.BENCH_AGENT_URL, otlpUrl: process.env.BENCH_OTLP_URL });
const tracer = trace.getTracer('span-bench', '1.0.0');

let notActive = await runParents(tracer, warmupParents, children);
globalThis.gc();
const profiler = process.env.BENCH_CPU_PROFILE ? await WINDOWS.profile() : undefined;
const heapBefore = process.memoryUsage().heapUsed;
const faultsBefore = process.resourceUsage().minorPageFault;
const cpuBefore = process.cpuUsage();
const t0 = process.hrtime.bigint();
notActive += await runParents(tracer, measuredParents, children);
const wallNs = Number(process.hrtime.bigint() - t0);
const cpu = process.cpuUsage(cpuBefore);
// Each first touch of fresh memory is a page fault: ~13 µs apiece on this machine kind's VMs.
const loopFaults = process.resourceUsage().minorPageFault - faultsBefore;
const memoryAfterLoop = process.memoryUsage();
const heapAfterLoop = memoryAfterLoop.heapUsed - heapBefore;

const flushStart = process.hrtime.bigint();
const flushed = await flushWithin(setup, 30_000);
const flushMs = Number(process.hrtime.bigint() - flushStart) / 1e6;
if (profiler) await profiler.stop(process.env.BENCH_CPU_PROFILE);
// Let responses to requests still on the wire arrive before the process goes away.
await sleep(200);
globalThis.gc();
const retainedAfterFlush = process.memoryUsage().heapUsed - heapBefore;
const measuredSpans = measuredParents * children;

process.send(
  {
    type: 'result',
    provider: providerId,
    measuredSpans,
    createdSpans: (measuredParents + warmupParents) * (children + 1),
    nsPerSpan: wallNs / measuredSpans,
    cpuNsPerSpan: ((cpu.user + cpu.system) * 1000) / measuredSpans,
    heapAfterLoopBytes: heapAfterLoop,
    faultsPerKiloSpan: (loopFaults * 1000) / measuredSpans,
    memoryAfterLoop,
    retainedAfterFlushBytes: retainedAfterFlush,
    maxRssBytes: process.resourceUsage().maxRSS * 1024,
    flushMs,
    flushTimedOut: !flushed,
    notActive: providerId === 'noop' ? undefined : notActive,
    selfCounted: setup.selfCounted(),
    exporterStats: setup.exporterStats(),
  },
  () => process.exit(0),
);

/**
 * Awaits the provider's flush with a timer that keeps the process alive meanwhile: tracers unref
 * their own timers, and a top-level await on a promise nothing keeps alive ends the process (13).
 */
async function flushWithin(providerSetup, timeoutMs) {
  let timer;
  const timedOut = new Promise((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  try {
    return await Promise.race([providerSetup.flush().then(() => true), timedOut]);
  } finally {
    clearTimeout(timer);
  }
}
