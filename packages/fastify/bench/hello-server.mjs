/**
 * A hello-world Fastify server for bench/overhead.mjs, run as a child process.
 * argv[2]: `bare` (no tracing), `plugin` (@dd-otel/fastify, built, sending to SINK_URL),
 * `plugin-disabled` (the plugin with tracing turned off: hooks, context and non-recording spans),
 * `als` (no dd-otel: only the AsyncLocalStorage context manager, enabled, no context per request)
 * or `context` (no dd-otel: an AsyncLocalStorage context manager and one context per request, the
 * share any OTel tracer pays for `trace.getActiveSpan()` to work in handlers).
 * IPC: sends `{ port }` once listening; answers `'cpu'` with `{ cpu }` (process.cpuUsage());
 * `'exit'` flushes the spans and exits.
 */
import Fastify from 'fastify';

const variant = process.argv[2];
const app = Fastify({ logger: false });
let provider;
if (variant === 'plugin' || variant === 'plugin-disabled') {
  const { init } = await import('@dd-otel/core');
  const { default: datadogFastify } = await import('@dd-otel/fastify');
  provider = init({ url: process.env.SINK_URL, service: 'fastify-bench', enabled: variant === 'plugin' });
  await app.register(datadogFastify);
} else if (variant === 'context') {
  const { context, createContextKey } = await import('@opentelemetry/api');
  const { AsyncLocalStorageContextManager } = await import('@opentelemetry/context-async-hooks');
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  const key = createContextKey('request');
  app.addHook('onRequest', (request, _reply, done) => context.with(context.active().setValue(key, request), done));
} else if (variant === 'als') {
  // Only the context manager, enabled once: what async_hooks cost with no per-request context.
  const { context, ROOT_CONTEXT } = await import('@opentelemetry/api');
  const { AsyncLocalStorageContextManager } = await import('@opentelemetry/context-async-hooks');
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  context.with(ROOT_CONTEXT.setValue(Symbol('warm'), 1), () => undefined);
} else if (variant !== 'bare') {
  throw new Error(`unknown variant ${variant}`);
}
app.get('/', async () => 'Hello World!');
await app.listen({ port: 0, host: '127.0.0.1' });
process.send({ port: app.server.address().port });
process.on('message', (message) => {
  if (message === 'cpu') process.send({ cpu: process.cpuUsage() });
  // Every span reaches the stand-in agent before the process goes, so spans/req can be checked.
  if (message === 'exit') app.close().then(() => provider?.forceFlush()).then(() => process.exit(0));
});
