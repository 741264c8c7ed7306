import { trace } from '@opentelemetry/api';
import type { FastifyPluginAsync } from 'fastify';

const tracer = trace.getTracer('fastify-demo', '0.1.0');

const USERS: Record<string, { id: string; name: string }> = {
  '1': { id: '1', name: 'Ada' },
  '42': { id: '42', name: 'Grace' },
};

/** An encapsulated plugin (registered under `/api`): its routes still get the request spans. */
export const usersRoutes: FastifyPluginAsync = async (api) => {
  api.get<{ Params: { id: string } }>('/users/:id', async (request, reply) => {
    // A custom child span of the request span, as an app would wrap a database call.
    const user = await tracer.startActiveSpan('users.lookup', async (span) => {
      span.setAttribute('user.id', request.params.id);
      await new Promise((resolve) => setTimeout(resolve, 2));
      span.end();
      return USERS[request.params.id];
    });
    request.datadogSpan?.setAttribute('user.found', user !== undefined);
    return user ?? reply.code(404).send({ error: 'no such user' });
  });
};
