// Measurement windows a benchmark process opens on itself through node:inspector (the HTTP bench
// server between two IPC messages of its parent, the span worker around its loop): V8's CPU
// profiler (profile.mjs), and the two counts of http/anatomy.mjs —
// function calls (precise coverage) and bytes allocated (sampling heap profiler). Each `start*`
// resolves with `{ stop(file) }`, which writes what the window saw to `file` as JSON.
'use strict';

const { writeFileSync } = require('node:fs');

async function openSession() {
  const { Session } = require('node:inspector/promises');
  const session = new Session();
  session.connect();
  return session;
}

/** The profiler behind --cpu-prof, 100 µs sampling. */
async function startCpuProfile() {
  const session = await openSession();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 100 });
  await session.post('Profiler.start');
  return {
    async stop(file) {
      const { profile } = await session.post('Profiler.stop');
      writeFileSync(file, JSON.stringify(profile));
      session.disconnect();
    },
  };
}

/**
 * Exact call counts per function over the window: precise coverage with call counts, function
 * granularity. Taking coverage resets the counters, so the first take drops everything before.
 */
async function startCallCounts() {
  const session = await openSession();
  await session.post('Profiler.enable');
  await session.post('Profiler.startPreciseCoverage', { callCount: true, detailed: false });
  await session.post('Profiler.takePreciseCoverage');
  return {
    async stop(file) {
      const { result } = await session.post('Profiler.takePreciseCoverage');
      await session.post('Profiler.stopPreciseCoverage');
      writeFileSync(file, JSON.stringify(result));
      session.disconnect();
    },
  };
}

/**
 * Bytes allocated over the window, by allocating function: V8's sampling heap profiler, keeping
 * the samples of objects the GC already collected (short-lived request objects are most of them).
 */
async function startAllocationSampling() {
  const session = await openSession();
  await session.post('HeapProfiler.enable');
  await session.post('HeapProfiler.startSampling', {
    samplingInterval: 128,
    includeObjectsCollectedByMajorGC: true,
    includeObjectsCollectedByMinorGC: true,
  });
  return {
    async stop(file) {
      const { profile } = await session.post('HeapProfiler.stopSampling');
      writeFileSync(file, JSON.stringify(profile));
      session.disconnect();
    },
  };
}

const WINDOWS = { profile: startCpuProfile, calls: startCallCounts, allocations: startAllocationSampling };

module.exports = { WINDOWS };
