// The OTel API alone: what dd-otel's own start-up sits on (the API is a peer every traced app
// loads; core has no other runtime dependency).
'use strict';
const t0 = performance.now();
require('@opentelemetry/api');
const ready = performance.now();
require('./report.cjs')(t0, ready);
