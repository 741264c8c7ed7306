// Hello-world server of the HTTP benchmark. argv: <express|fastify|nest> <variant>.
// IPC: sends {type:'ready', port}; answers {type:'usage'} with its own CPU time and request
// count, {type:'flush'} once the tracer sent everything it has, and {type:'profile-start'} /
// {type:'profile-stop', file} around a CPU-profiled window.
'use strict';

const { setUpTracing } = require('./tracing-setups.cjs');

const [framework, variant] = process.argv.slice(2);
const tracing = setUpTracing(variant, framework);
let requests = 0;
let profiler;

/** V8's CPU profiler (the one behind --cpu-prof) over a window chosen by the parent (profile.mjs). */
async function startProfiler() {
  const { Session } = require('node:inspector/promises');
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 100 });
  await session.post('Profiler.start');
  return {
    async stop(file) {
      const { profile } = await session.post('Profiler.stop');
      require('node:fs').writeFileSync(file, JSON.stringify(profile));
      session.disconnect();
    },
  };
}

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
      const cpu = process.cpuUsage();
      process.send({ id: message.id, type: 'usage', cpuMicros: cpu.user + cpu.system, requests });
    } else if (message?.type === 'profile-start') {
      profiler = await startProfiler();
      process.send({ id: message.id, type: 'profile-start' });
    } else if (message?.type === 'profile-stop') {
      await profiler?.stop(message.file);
      process.send({ id: message.id, type: 'profile-stop' });
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
