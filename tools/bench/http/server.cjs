// Hello-world server of the HTTP benchmark. argv: <express|fastify|nest> <variant>.
// IPC: sends {type:'ready', port}; answers {type:'usage'} with its own CPU time and request
// count, {type:'flush'} once the tracer sent everything it has, and {type:'window-start', kind} /
// {type:'window-stop', file} around a measured window (inspector-windows.cjs: `profile`,
// `calls` or `allocations`).
'use strict';

const { WINDOWS } = require('../lib/inspector-windows.cjs');
const { setUpTracing } = require('./tracing-setups.cjs');

const [framework, variant] = process.argv.slice(2);
const tracing = setUpTracing(variant, framework);
let requests = 0;
let openWindow;

async function startExpress() {
  const express = require('express');
  const app = express();
  tracing.expressBefore?.(app);
  app.get('/', (req, res) => {
    res.send('Hello World!');
  });
  tracing.expressAfter?.(app);
  const server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  return server;
}

async function startFastify() {
  const Fastify = require('fastify');
  const app = Fastify({ logger: false });
  await tracing.fastify?.(app);
  app.get('/', async () => 'Hello World!');
  await app.listen({ port: 0, host: '127.0.0.1' });
  return app.server;
}

async function startNest() {
  const { createNestApp } = require('./nest-app.cjs');
  const app = await createNestApp({ imports: tracing.nestImports?.() ?? [] });
  await app.listen(0, '127.0.0.1');
  return app.getHttpServer();
}

const STARTERS = { express: startExpress, fastify: startFastify, nest: startNest };

async function main() {
  const start = STARTERS[framework];
  if (!start) throw new TypeError(`unknown HTTP framework ${JSON.stringify(framework)}`);
  const server = await start();
  server.keepAliveTimeout = 60_000;
  tracing.server?.(server);
  server.on('request', () => {
    requests++;
  });
  process.on('message', async (message) => {
    if (message?.type === 'usage') {
      const usage = process.resourceUsage();
      process.send({
        id: message.id,
        type: 'usage',
        cpuMicros: usage.userCPUTime + usage.systemCPUTime,
        minorFaults: usage.minorPageFault,
        requests,
      });
    } else if (message?.type === 'window-start') {
      openWindow = await WINDOWS[message.kind]();
      process.send({ id: message.id, type: 'window-start' });
    } else if (message?.type === 'window-stop') {
      await openWindow?.stop(message.file);
      openWindow = undefined;
      process.send({ id: message.id, type: 'window-stop' });
    } else if (message?.type === 'flush') {
      await tracing.flush();
      process.send({ id: message.id, type: 'flush', requests });
    }
  });
  process.on('disconnect', () => process.exit(0));
  process.send({ type: 'ready', port: server.address().port });
}

main().catch((error) => {
  process.send?.({ type: 'ready', error: String(error?.stack ?? error) });
  process.exitCode = 1;
});
