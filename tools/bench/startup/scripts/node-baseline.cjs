// Startup baseline: an empty script (Node's own start-up, for context).
'use strict';
const t0 = performance.now();
const ready = performance.now();
require('./report.cjs')(t0, ready);
