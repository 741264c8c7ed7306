import { context, propagation } from '@opentelemetry/api';
import express from 'express';
import type { Express, NextFunction, Request, Response } from 'express';
import { datadogErrorHandler, datadogMiddleware } from '@dd-otel/express';
import { doGuideWork } from './guide-work.js';
import { usersRouter } from './users-router.js';

export interface DemoAppOptions {
  /** The Express module to build the app with (the tests also pass Express 4). Default: Express 5. */
  express?: typeof express;
}

/** The demo app: every scenario of the Express plugin. */
export function createApp(options: DemoAppOptions = {}): Express {
  const expressModule = options.express ?? express;
  const app = expressModule();
  // resourceRenamingEnabled: a path no route matches (a 404) gets http.endpoint, its ids replaced.
  app.use(datadogMiddleware({ headers: ['x-request-id'], resourceRenamingEnabled: true }));

  app.get('/hello', (_req, res) => {
    res.send('Hello World!');
  });
  app.use('/users', usersRouter(expressModule));
  app.get('/work', async (_req, res) => {
    res.json(await doGuideWork());
  });
  app.get('/error', () => {
    throw new Error('something broke');
  });
  app.get('/async-error', (_req, _res, next) => {
    // Express 5 also forwards a rejected promise by itself; `.catch(next)` works on Express 4 too.
    failLater().catch(next);
  });
  app.get('/bad-request', (_req, _res, next) => {
    next(Object.assign(new Error('missing "name"'), { status: 400 }));
  });
  app.get('/chain', async (req, res) => {
    // Continues the trace in the next service (here: this app again) with the configured propagators.
    const headers: Record<string, string> = {};
    propagation.inject(context.active(), headers);
    const response = await fetch(`${req.protocol}://${req.get('host')}/hello`, { headers });
    res.json({ downstream: response.status, body: await response.text() });
  });

  // After the routes, before the app's own error handler (it passes the error on unchanged).
  app.use(datadogErrorHandler());
  app.use((error: Error & { status?: number }, _req: Request, res: Response, _next: NextFunction) => {
    res.status(error.status ?? 500).json({ error: error.message });
  });
  return app;
}

async function failLater(): Promise<never> {
  await new Promise((resolve) => setTimeout(resolve, 1));
  throw new Error('something broke later');
}
