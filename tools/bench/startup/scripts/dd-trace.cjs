// dd-trace@5: the documented first line, plus the OTel bridge (TracerProvider) it offers.
'use strict';
const t0 = performance.now();
const tracer = require('dd-trace').init({ url: process.env.BENCH_AGENT_URL });
new tracer.TracerProvider().register();
const ready = performance.now();
require('./report.cjs')(t0, ready);
