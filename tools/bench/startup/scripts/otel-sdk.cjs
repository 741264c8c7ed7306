// OTel SDK: NodeTracerProvider + BatchSpanProcessor + OTLP/proto exporter; with argv[2] =
// express|fastify also the http instrumentation and that framework's instrumentation.
'use strict';
const t0 = performance.now();
const { NodeTracerProvider, BatchSpanProcessor } = require('@opentelemetry/sdk-trace-node');
const { OTLPTraceExporter } = require('@opentelemetry/exporter-trace-otlp-proto');
const exporter = new OTLPTraceExporter({ url: `${process.env.BENCH_OTLP_URL}/v1/traces` });
new NodeTracerProvider({ spanProcessors: [new BatchSpanProcessor(exporter)] }).register();
const framework = process.argv[2];
if (framework) {
  const { registerInstrumentations } = require('@opentelemetry/instrumentation');
  const { HttpInstrumentation } = require('@opentelemetry/instrumentation-http');
  const instrumentations = [new HttpInstrumentation()];
  if (framework === 'express') {
    const { ExpressInstrumentation } = require('@opentelemetry/instrumentation-express');
    instrumentations.push(new ExpressInstrumentation());
  } else {
    const { FastifyOtelInstrumentation } = require('@fastify/otel');
    instrumentations.push(new FastifyOtelInstrumentation({ registerOnInitialization: true }));
  }
  registerInstrumentations({ instrumentations });
}
const ready = performance.now();
require('./report.cjs')(t0, ready);
