import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DevAgentSpan } from '@dd-otel/dev-agent';
import { datadogErrorHandler, datadogMiddleware } from './index.js';
import { EXPRESS_VERSIONS, get, listen, startBackend } from './express-test.test-support.js';
import type { Backend, ExpressFactory, RunningApp } from './express-test.test-support.js';

const require = createRequire(import.meta.url);
/** router 2.2 keeps no pattern on its layers; mounted in an Express 5 app it exercises the fallback. */
const Router22 = require('router22') as () => ReturnType<ExpressFactory['Router']>;

let backend: Backend;
beforeAll(async () => {
  backend = await startBackend();
});
afterAll(async () => {
  await backend.close();
});

function ok(_req: unknown, res: { send(body: string): void }): void {
  res.send('ok');
}

/** The app of the dd-trace-js resource fixtures, plus sub-apps, arrays and shared routers. */
function buildApp(express: ExpressFactory, major: 4 | 5) {
  const app = express();
  app.use(datadogMiddleware());
  app.get('/', ok);
  app.get('/user/:id', ok);

  const users = express.Router();
  users.get('/', ok);
  users.get('/:id', ok);
  users.get('/:id/fail', () => {
    throw new Error('nested failure');
  });
  const posts = express.Router({ mergeParams: true });
  posts.get('/:postId', ok);
  users.use('/:id/posts', posts);
  app.use('/app/users', users);

  app.get(['/multi/a/:x', '/multi/b/:y'], ok);
  app.get(/^\/regex\/(\d+)$/, ok);
  const versioned = express.Router();
  versioned.get('/item', ok);
  app.use(/^\/v\d+/, versioned);

  const admin = express();
  admin.get('/stats/:day', ok);
  app.use('/admin/:org', admin);

  app.get(major === 5 ? '/files/*splat' : '/files/*', ok);

  const shared = express.Router();
  shared.get('/ping', ok);
  app.use('/one', shared);
  app.use('/two/:n', shared);

  if (major === 5) {
    const legacy = Router22();
    legacy.get('/:id', ok);
    app.use('/legacy/:tenant', legacy);
  }
  return app;
}

describe.each(EXPRESS_VERSIONS)('%s resources', (label, express) => {
  const major = label.endsWith('5') ? 5 : 4;
  let running: RunningApp;
  let app: ReturnType<typeof buildApp>;
  beforeAll(async () => {
    app = buildApp(express, major);
    app.use(datadogErrorHandler());
    running = await listen(app);
  });
  afterAll(() => running.close());

  async function resourceOf(path: string): Promise<DevAgentSpan> {
    await get(running.url, path);
    const [span] = await backend.collect(1);
    expect(span!.name).toBe('express.request');
    expect(span!.meta['url.path']).toBe(path.split('?')[0]);
    return span!;
  }

  const cases: Array<[path: string, resource: string]> = [
    ['/', 'GET /'],
    ['/user/1', 'GET /user/:id'],
    ['/app/users', 'GET /app/users'],
    ['/app/users/42', 'GET /app/users/:id'],
    ['/app/users/42/posts/7?draft=1', 'GET /app/users/:id/posts/:postId'],
    ['/multi/b/9', 'GET /multi/b/:y'],
    ['/regex/5', 'GET (/^\\/regex\\/(\\d+)$/)'],
    ['/v2/item', 'GET (/^\\/v\\d+/)/item'],
    ['/admin/acme/stats/monday', 'GET /admin/:org/stats/:day'],
    ['/files/a/b.txt', major === 5 ? 'GET /files/*splat' : 'GET /files/*'],
    ['/one/ping', 'GET /one/ping'],
    ['/two/3/ping', 'GET /two/:n/ping'],
    ['/nowhere/42', 'GET'],
  ];
  if (major === 5) cases.push(['/legacy/acme/42', 'GET /legacy/:tenant/:id']);

  it.each(cases)('%s → %s', async (path, resource) => {
    const span = await resourceOf(path);
    expect(span.resource).toBe(resource);
    if (resource === 'GET') expect(span.meta['http.route']).toBeUndefined();
    else expect(span.meta['http.route']).toBe(resource.slice(4));
  });

  it('keeps the template when an error unwinds the routers', async () => {
    const span = await resourceOf('/app/users/42/fail');
    expect(span.resource).toBe('GET /app/users/:id/fail');
    expect(span.meta['http.status_code']).toBe('500');
    expect(span.error).toBe(1);
    expect(span.meta['error.message']).toBe('nested failure');
  });

  it('finds routes added after the first request', async () => {
    await resourceOf('/');
    const late = express.Router();
    late.get('/:when', ok);
    // After the error handler, which requests without an error skip.
    app.use('/late', late);
    expect((await resourceOf('/late/tonight')).resource).toBe('GET /late/:when');
  });
});
