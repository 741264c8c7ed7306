/**
 * Runs the demo. `node dist/main.js` requests every scenario once against itself, flushes and
 * exits (what `npm run demo` does); `node dist/main.js --serve` keeps serving on $PORT (3000).
 * Tracing starts with the first request (the middleware initialises @dd-otel/core from the
 * environment: DD_TRACE_AGENT_URL, DD_SERVICE, ...) unless a provider is already registered,
 * e.g. with `node --import @dd-otel/core/register`.
 */
import { getInitializedProvider } from '@dd-otel/core';
import { exercise, start } from './server.js';

const serve = process.argv.includes('--serve');
const demo = await start({ port: serve ? Number(process.env.PORT ?? 3000) : 0 });
if (serve) {
  console.log(`express demo listening on ${demo.url} (try /hello, /users/42, /work, /error, /chain)`);
} else {
  const statuses = await exercise(demo.url);
  console.log(Object.entries(statuses).map(([path, status]) => `${path} → ${status}`).join('\n'));
  await demo.close();
  await getInitializedProvider()?.forceFlush();
}
