// The OTel API and @opentelemetry/context-async-hooks alone: what dd-otel's own start-up sits on
// (the API is a peer every traced app loads; core registers the AsyncLocalStorage context manager).
'use strict';
const t0 = performance.now();
require('@opentelemetry/api');
require('@opentelemetry/context-async-hooks');
const ready = performance.now();
require('./report.cjs')(t0, ready);
