#!/usr/bin/env node
/**
 * `npm run demo`: starts the dev agent, runs every demo app against it, and prints the Datadog
 * spans it received. `npm run demo -- --once` exits after printing; otherwise the dev agent keeps
 * running (Ctrl-C to stop) so you can keep sending traces to it.
 */
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startDevAgent } from '@dd-otel/dev-agent';
import { printSpanTable } from './print-spans.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const once = process.argv.includes('--once');
const portArg = process.argv.indexOf('--port');
const port = portArg > 0 ? Number(process.argv[portArg + 1]) : once ? 0 : 8126;

/** A demo app: a command, run in apps/<folder>, that exercises its scenarios against DD_TRACE_AGENT_URL and exits. */
const demoApp = (name, folder, ...nodeArgs) => ({ name, cwd: join(root, 'apps', folder), command: [process.execPath, ...nodeArgs] });
/** How Datadog documents starting a traced app: dd-otel registered before the app loads. */
const REGISTER = ['--import', '@dd-otel/core/register'];

const demos = [
  demoApp('custom instrumentation (OTel API guide)', 'custom-demo', ...REGISTER, 'dist/main.js'),
  demoApp('Express', 'express-demo', 'dist/main.js'),
  demoApp('Fastify', 'fastify-demo', ...REGISTER, 'dist/main.js'),
  demoApp('NestJS (Express and Fastify adapters)', 'nest-demo', 'scripts/run-demo.mjs'),
  demoApp('Next.js (next start)', 'next-demo', 'scripts/run-demo.mjs'),
];

function run(demo, agentUrl) {
  return new Promise((resolve, reject) => {
    const child = spawn(demo.command[0], demo.command.slice(1), {
      cwd: demo.cwd,
      stdio: ['ignore', 'inherit', 'inherit'],
      env: { ...process.env, DD_TRACE_OTEL_ENABLED: 'true', DD_TRACE_AGENT_URL: agentUrl, DD_SERVICE: process.env.DD_SERVICE ?? undefined },
    });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${demo.name} exited with ${code}`))));
  });
}

const agent = await startDevAgent({ port });
console.log(`dev agent listening on ${agent.url}`);
console.log(`trace viewer: ${agent.viewerUrl}`);
let failed = false;
for (const demo of demos) {
  const before = agent.spans().length;
  console.log(`\n▶ ${demo.name}`);
  try {
    await run(demo, agent.url);
    const spans = agent.spans().slice(before);
    printSpanTable(spans);
  } catch (error) {
    failed = true;
    console.error(`✖ ${error.message}`);
  }
}
const problems = agent.problems();
console.log(`\n${agent.spans().length} spans received, ${problems.length} payload problems`);
for (const problem of problems) console.log(`  ! ${JSON.stringify(problem)}`);
if (once) {
  await agent.close();
  process.exit(failed || problems.length > 0 ? 1 : 0);
}
console.log(`\nThe dev agent keeps running at ${agent.url} — point DD_TRACE_AGENT_URL at it, and open ${agent.viewerUrl} to browse the traces. Ctrl-C to stop.`);
process.on('SIGINT', () => agent.close().then(() => process.exit(0)));
