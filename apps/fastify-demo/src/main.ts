/**
 * `node --import @dd-otel/core/register dist/main.js` (with DD_TRACE_OTEL_ENABLED=true): starts
 * the app, sends each scenario's request once, and exits; the provider sends the spans on exit.
 * `--serve` keeps it listening on PORT (default 3000) instead.
 */
import { start } from './app.js';
import { runScenarios } from './scenarios.js';

if (process.argv.includes('--serve')) {
  const running = await start({ port: Number(process.env['PORT'] ?? 3000) });
  console.log(`fastify demo listening on ${running.url} (try /hello, /api/users/42, /work, /error, /chain, /slow)`);
} else {
  const running = await start();
  for (const { name, outcome } of await runScenarios(running.url)) console.log(`  ${name.padEnd(36)} ${outcome}`);
  // /slow is still running after its client left; closing waits for it to finish.
  await running.close();
}
