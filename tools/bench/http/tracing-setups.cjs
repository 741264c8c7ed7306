// Tracing set-ups of the HTTP benchmark, applied before the framework is required (as each
// tracer's docs ask). Each returns `{ flush() }` plus the hooks server.cjs calls while building
// the app (`expressBefore/expressAfter(app)`, `fastify(app)`, `nestImports()`) and once the server
// exists (`server(server)`); the bare variant does nothing. The Agent / OTLP addresses come from the environment.
'use strict';

const { existsSync } = require('node:fs');
const { join } = require('node:path');
const { pathToFileURL } = require('node:url');
const { HTTP_FRAMEWORKS } = require('./frameworks.cjs');

const repoRoot = join(__dirname, '..', '..', '..');

/** The built CJS entry of a dd-otel package; throws a readable error when it is not built. */
function builtDdOtel(folder) {
  const entry = join(repoRoot, 'packages', folder, 'dist', 'index.cjs');
  if (!existsSync(entry)) throw new Error(`packages/${folder}/dist is not built`);
  return require(entry);
}

function ddTrace() {
  // dd-trace's documented first line; agent = the stand-in (DD_TRACE_AGENT_URL).
  const tracer = require('dd-trace').init();
  return { flush: () => new Promise((resolve) => tracer._tracer._exporter.flush(() => resolve())) };
}

function otel(framework) {
  if (framework === 'nest') {
    // Nest 12 is ESM and loads express with `import`, which require hooks never see: OTel's docs
    // ask ESM apps for this loader hook (import-in-the-middle), before anything is loaded.
    require('node:module').register('@opentelemetry/instrumentation/hook.mjs', pathToFileURL(__filename));
  }
  const { NodeTracerProvider, BatchSpanProcessor } = require('@opentelemetry/sdk-trace-node');
  const { OTLPTraceExporter } = require('@opentelemetry/exporter-trace-otlp-proto');
  const { registerInstrumentations } = require('@opentelemetry/instrumentation');
  const { HttpInstrumentation } = require('@opentelemetry/instrumentation-http');
  const exporter = new OTLPTraceExporter({ url: `${process.env.BENCH_OTLP_URL}/v1/traces` });
  const provider = new NodeTracerProvider({ spanProcessors: [new BatchSpanProcessor(exporter)] });
  provider.register();
  const instrumentations = [new HttpInstrumentation()];
  if (framework === 'express' || framework === 'nest') {
    const { ExpressInstrumentation } = require('@opentelemetry/instrumentation-express');
    instrumentations.push(new ExpressInstrumentation());
  }
  if (framework === 'nest') {
    const { NestInstrumentation } = require('@opentelemetry/instrumentation-nestjs-core');
    // Installed as OTel documents it, though its supported range (`>=4.0.0 <12`, the same in the
    // newest release) leaves out Nest 12: it adds no span here (README §3).
    instrumentations.push(new NestInstrumentation());
  } else if (framework === 'fastify') {
    const { FastifyOtelInstrumentation } = require('@fastify/otel');
    instrumentations.push(new FastifyOtelInstrumentation({ registerOnInitialization: true }));
  }
  registerInstrumentations({ instrumentations });
  return { flush: () => provider.forceFlush() };
}

function ddOtel(framework) {
  const { init } = builtDdOtel('core');
  const provider = init({ url: process.env.BENCH_AGENT_URL });
  const plugin = builtDdOtel(HTTP_FRAMEWORKS[framework].ddOtelPackage);
  return {
    flush: () => provider.forceFlush(),
    expressBefore(app) {
      if (typeof plugin.datadogMiddleware !== 'function') throw new Error('@dd-otel/express has no datadogMiddleware export');
      app.use(plugin.datadogMiddleware());
    },
    expressAfter(app) {
      if (typeof plugin.datadogErrorHandler === 'function') app.use(plugin.datadogErrorHandler());
    },
    async fastify(app) {
      const datadogFastify = plugin.default ?? plugin.datadogFastify;
      if (typeof datadogFastify !== 'function') throw new Error('@dd-otel/fastify has no default export');
      await app.register(datadogFastify);
    },
    nestImports() {
      // The Nest package's documented install: one DatadogModule import, default options.
      if (typeof plugin.DatadogModule?.forRoot !== 'function') throw new Error('@dd-otel/nestjs has no DatadogModule.forRoot');
      return [plugin.DatadogModule.forRoot()];
    },
  };
}

/**
 * No tracer: one AsyncLocalStorage entered for each request, before the framework sees it. On
 * Node 20 and 22 that turns on the async hooks that carry a store into every async resource and
 * promise, which every tracer that keeps an active span across `await` pays for; the row shows
 * that floor under the tracers' rows.
 */
function contextFloor() {
  const { AsyncLocalStorage } = require('node:async_hooks');
  const storage = new AsyncLocalStorage();
  const store = { request: true };
  return {
    flush: async () => {},
    server(server) {
      server.prependListener('request', () => storage.enterWith(store));
    },
  };
}

/** Applies tracer `variant` (`bare`, `context-floor`, `dd-otel`, `dd-trace`, `otel`) for `framework`. */
function setUpTracing(variant, framework) {
  switch (variant) {
    case 'bare':
      return { flush: async () => {} };
    case 'context-floor':
      return contextFloor();
    case 'dd-trace':
      return ddTrace();
    case 'otel':
      return otel(framework);
    case 'dd-otel':
      return ddOtel(framework);
    default:
      throw new TypeError(`unknown HTTP variant ${JSON.stringify(variant)}`);
  }
}

module.exports = { setUpTracing };
