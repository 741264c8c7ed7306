// dd-otel: require core (and the framework package named in argv[2], when given), then init().
'use strict';
const t0 = performance.now();
const { init } = require('@dd-otel/core');
if (process.argv[2]) require(`@dd-otel/${process.argv[2]}`);
init({ url: process.env.BENCH_AGENT_URL });
const ready = performance.now();
require('./report.cjs')(t0, ready);
