#!/usr/bin/env node
/**
 * For `npm run demo` (`npm run build` must have run): starts the demo on the Express adapter,
 * then on the Fastify adapter, each on a free loopback port, drives every scenario once against
 * each, and exits once the spans reached DD_TRACE_AGENT_URL. `@dd-otel/nestjs` initialises
 * dd-otel from the environment at the first request.
 */
process.env.DD_SERVICE ??= 'nest-demo';

const { start } = await import('../dist/app.js');
const { driveScenarios } = await import('../dist/scenarios.js');
const { getInitializedProvider } = await import('@dd-otel/core');

let failed = false;
for (const adapter of ['express', 'fastify']) {
  const { app, url } = await start({ adapter });
  console.log(`  nest-demo on the ${adapter} adapter at ${url}`);
  try {
    for (const { scenario, status } of await driveScenarios(url, (line) => console.log(line))) {
      if (status !== scenario.status) {
        failed = true;
        console.error(`  ✖ ${scenario.name}: expected ${scenario.status}, got ${status}`);
      }
    }
  } finally {
    await app.close();
  }
}
await getInitializedProvider()?.forceFlush();
process.exitCode = failed ? 1 : 0;
