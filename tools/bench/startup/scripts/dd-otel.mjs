// dd-otel from an ES module app: import core (and the framework package named in argv[2], when
// given), then init(). Dynamic imports, so the clock starts before any of them loads, as in the
// CommonJS script's first line.
import { createRequire } from 'node:module';

const t0 = performance.now();
const { init } = await import('@dd-otel/core');
if (process.argv[2]) await import(`@dd-otel/${process.argv[2]}`);
init({ url: process.env.BENCH_AGENT_URL });
const ready = performance.now();
createRequire(import.meta.url)('./report.cjs')(t0, ready);
