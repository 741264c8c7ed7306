// One hello-world Express server for overhead.mjs, in its own process.
// VARIANT=bare | traced | plumbing (the middleware with tracing disabled: context, attributes, no export)
//       | context (no dd-otel: only an AsyncLocalStorage context manager and a context per request).
// The parent asks for this process's CPU time over IPC, so the measurement covers the server only.
import express from 'express';

const traced = process.env.VARIANT === 'traced' || process.env.VARIANT === 'plumbing';
if (traced) {
  const { init } = await import('@dd-otel/core');
  init({ url: process.env.DD_TRACE_AGENT_URL, service: 'overhead-bench', enabled: process.env.VARIANT === 'traced' });
}
const { datadogMiddleware } = traced ? await import('@dd-otel/express') : {};

const app = express();
if (traced) app.use(datadogMiddleware());
if (process.env.VARIANT === 'context') {
  const { context, createContextKey } = await import('@opentelemetry/api');
  const { AsyncLocalStorageContextManager } = await import('@opentelemetry/context-async-hooks');
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  const key = createContextKey('request');
  app.use((req, _res, next) => context.with(context.active().setValue(key, req), next));
}
app.get('/', (_req, res) => {
  res.send('Hello World!');
});
const server = app.listen(0, '127.0.0.1', () => process.send({ port: server.address().port }));
process.on('message', async (message) => {
  if (message === 'cpu') process.send({ cpu: process.cpuUsage() });
  if (message === 'stop') {
    if (traced) await (await import('@dd-otel/core')).getInitializedProvider().forceFlush();
    process.exit(0);
  }
});
