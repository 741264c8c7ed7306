import { createServer } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { trace } from '@opentelemetry/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DevAgentSpan } from '@dd-otel/dev-agent';
import { datadogErrorHandler, datadogExpressApp, datadogMiddleware } from './index.js';
import type { ExpressAppListener } from './index.js';
import { EXPRESS_VERSIONS, get, listen, startBackend } from './express-test.test-support.js';
import type { Backend, ExpressFactory, RunningApp } from './express-test.test-support.js';

let backend: Backend;
beforeAll(async () => {
  backend = await startBackend();
});
afterAll(async () => {
  await backend.close();
});

/** `http.createServer(datadogExpressApp(app))`, the way the README installs it. */
function serveWrapped(app: ExpressAppListener, options?: Parameters<typeof datadogExpressApp>[1]): Promise<RunningApp> {
  const server = createServer(datadogExpressApp(app, options));
  return listen({ listen: (port, host, callback) => server.listen(port, host, callback) });
}

function buildApp(express: ExpressFactory) {
  const app = express();
  app.get('/user/:id', async (_req, res) => {
    const inHandler = trace.getActiveSpan()?.spanContext().spanId ?? 'none';
    await sleep(2);
    res.json({ inHandler, afterAwait: trace.getActiveSpan()?.spanContext().spanId ?? 'none' });
  });
  const users = express.Router();
  const posts = express.Router({ mergeParams: true });
  posts.get('/:postId', (_req, res) => {
    res.send('post');
  });
  users.use('/:id/posts', posts);
  users.get('/:id/fail', () => {
    throw new Error('nested failure');
  });
  app.use('/app/users', users);
  const admin = express();
  admin.get('/stats/:kind', (_req, res) => {
    res.send('stats');
  });
  app.use('/admin', admin);
  app.get('/throws', () => {
    throw new TypeError('sync failure');
  });
  app.use(datadogErrorHandler());
  return app;
}

describe.each(EXPRESS_VERSIONS)('%s app wrapped by datadogExpressApp', (_label, express) => {
  let running: RunningApp;
  beforeAll(async () => {
    running = await serveWrapped(buildApp(express) as unknown as ExpressAppListener);
  });
  afterAll(async () => {
    await running.close();
  });

  async function only(path: string): Promise<{ span: DevAgentSpan; status: number; body: string }> {
    const response = await fetch(`${running.url}${path}`);
    const body = await response.text();
    const [span] = await backend.collect(1);
    return { span: span!, status: response.status, body };
  }

  it('gives a request one express.request span with the route resource, active in async handlers', async () => {
    const { span, body } = await only('/user/42?q=1');
    expect(span).toMatchObject({ name: 'express.request', resource: 'GET /user/:id', type: 'web', error: 0 });
    expect(span.meta).toMatchObject({
      component: 'express',
      'span.kind': 'server',
      'http.method': 'GET',
      'http.route': '/user/:id',
      'http.status_code': '200',
      'url.path': '/user/42',
      'http.url': `${running.url}/user/42?q=1`,
    });
    const seen = JSON.parse(body) as { inHandler: string; afterAwait: string };
    expect(seen).toEqual({ inHandler: span.spanId, afterAwait: span.spanId });
  });

  it('names routes of nested routers and of mounted sub-apps, also after an error unwound the routers', async () => {
    expect((await only('/app/users/7/posts/9')).span.resource).toBe('GET /app/users/:id/posts/:postId');
    // Read when Express matches the route (the accessor on the app's request prototype): by the
    // end of the request the error has taken the routers' mount paths back off the request.
    expect((await only('/app/users/7/fail')).span).toMatchObject({ resource: 'GET /app/users/:id/fail', error: 1 });
    expect((await only('/admin/stats/cpu')).span.resource).toBe('GET /admin/stats/:kind');
  });

  it('records a thrown error through datadogErrorHandler and names a 404 by its method', async () => {
    const failed = await only('/throws');
    expect(failed.status).toBe(500);
    expect(failed.span).toMatchObject({ resource: 'GET /throws', error: 1 });
    expect(failed.span.meta).toMatchObject({ 'error.type': 'TypeError', 'error.message': 'sync failure' });
    const missing = await only('/nowhere');
    expect(missing.status).toBe(404);
    expect(missing.span).toMatchObject({ resource: 'GET', error: 0 });
  });
});

describe('datadogExpressApp next to datadogMiddleware and its options', () => {
  it('makes one span when the app also uses the middleware', async () => {
    const [, express] = EXPRESS_VERSIONS[0]!;
    const app = express();
    app.use(datadogMiddleware());
    app.get('/twice/:id', (_req, res) => {
      res.send('once');
    });
    const running = await serveWrapped(app as unknown as ExpressAppListener);
    try {
      expect(await get(running.url, '/twice/1', '/twice/2')).toEqual([200, 200]);
      const spans = await backend.collect(2);
      expect(spans.map((span) => span.resource)).toEqual(['GET /twice/:id', 'GET /twice/:id']);
      await sleep(50);
      expect(backend.agent.spans().filter((span) => span.resource === 'GET /twice/:id')).toHaveLength(2);
    } finally {
      await running.close();
    }
  });

  it('takes the middleware options: ignore and service', async () => {
    const [, express] = EXPRESS_VERSIONS[1]!;
    const app = express();
    app.get('/health', (_req, res) => {
      res.send('up');
    });
    app.get('/work', (_req, res) => {
      res.send('done');
    });
    const running = await serveWrapped(app as unknown as ExpressAppListener, { ignore: ['/health'], service: 'wrapped-web' });
    try {
      expect(await get(running.url, '/health', '/work')).toEqual([200, 200]);
      const [span] = await backend.collect(1);
      expect(span).toMatchObject({ resource: 'GET /work', service: 'wrapped-web' });
    } finally {
      await running.close();
    }
  });

  it('throws a TypeError naming what is wrong: the app or an option', () => {
    expect(() => datadogExpressApp({} as unknown as ExpressAppListener)).toThrow(/datadogExpressApp\(app\) needs the Express app/);
    const [, express] = EXPRESS_VERSIONS[0]!;
    const app = express() as unknown as ExpressAppListener;
    expect(() => datadogExpressApp(app, { ignroe: ['/x'] } as never)).toThrow(TypeError);
    expect(() => datadogExpressApp(app, { ignroe: ['/x'] } as never)).toThrow(/ignroe/);
  });
});
