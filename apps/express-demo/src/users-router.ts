import { trace } from '@opentelemetry/api';
import type express from 'express';
import type { Router } from 'express';

const tracer = trace.getTracer('express-demo', '0.1.0');

/** Mounted at `/users`: the resource is built from the mount path and the route (`GET /users/:id`). */
export function usersRouter(expressModule: typeof express): Router {
  const router = expressModule.Router();
  router.get('/:id', (req, res) => {
    // A custom child span of the request span, with attributes and an event.
    const user = tracer.startActiveSpan('users.lookup', { attributes: { 'user.id': req.params.id } }, (span) => {
      span.setAttribute('db.system', 'memory');
      span.addEvent('cache miss', { 'cache.key': `user:${req.params.id}` });
      span.end();
      return { id: req.params.id, name: `user ${req.params.id}` };
    });
    res.json(user);
  });
  return router;
}
