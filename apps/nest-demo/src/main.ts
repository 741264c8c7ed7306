/**
 * Starts the demo: `node --import @dd-otel/core/register dist/main.js [--fastify] [--port 3000]`
 * (with `DD_TRACE_OTEL_ENABLED=true`). Without the preload, `@dd-otel/nestjs` initialises
 * dd-otel from the environment at the first request.
 */
import { start } from './app.js';

const args = process.argv.slice(2);
const portAt = args.indexOf('--port');
const port = portAt === -1 ? Number(process.env['PORT'] ?? 3000) : Number(args[portAt + 1]);
const adapter = args.includes('--fastify') ? 'fastify' : 'express';
const { url } = await start({ port, adapter });
console.log(`nest-demo (${adapter}) listening on ${url}; try ${url}/api/v1/users/42`);
