import { ROOT_CONTEXT, context } from '@opentelemetry/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DevAgentSpan } from '@dd-otel/dev-agent';
import { datadogMiddleware } from './index.js';
import { EXPRESS_VERSIONS, get, listen, startBackend } from './express-test.test-support.js';
import type { Backend, RunningApp } from './express-test.test-support.js';

let backend: Backend;
beforeAll(async () => {
  backend = await startBackend();
});
afterAll(async () => {
  await backend.close();
});

type Req = { route?: { path: unknown }; path: string };
type Res = { json(body: unknown): void; send(body: string): void };
type Next = () => void;

/** What a handler sees of the request object: its own keys, and what `req.route` says. */
function describeRequest(req: Req): { ownKeys: string[]; routePath: unknown; hasOwnRoute: boolean } {
  return {
    ownKeys: Reflect.ownKeys(req).map(String).sort(),
    routePath: req.route?.path,
    hasOwnRoute: Object.prototype.hasOwnProperty.call(req, 'route'),
  };
}

describe.each(EXPRESS_VERSIONS)('%s route capture', (label, express) => {
  const catchAll = label.endsWith('5') ? '/chain/*rest' : '/chain/*';
  let traced: RunningApp;
  let bare: RunningApp;

  function routes(app: ReturnType<typeof express>): void {
    app.get('/inspect/:id', (req, res) => {
      res.json(describeRequest(req as unknown as Req));
    });
    // A catch-all route that passes the request on: the route that answers is the one that counts.
    app.all(catchAll, (_req, _res, next) => next());
    app.get('/chain/:id', (_req, res) => {
      res.send('answered');
    });
    const nested = express.Router();
    nested.get('/:item', (_req, res) => {
      res.send('nested');
    });
    // The request leaves its span's context before routing (as callback-based libraries may do).
    app.use('/lost/:tenant', (_req, _res, next: Next) => context.with(ROOT_CONTEXT, next), nested);
    app.get('/late/:id', datadogMiddleware(), (_req, res) => {
      res.send('late');
    });
  }

  beforeAll(async () => {
    const tracedApp = express();
    tracedApp.use(datadogMiddleware({ ignore: ['/inspect/ignored'] }));
    routes(tracedApp);
    traced = await listen(tracedApp);
    const bareApp = express();
    routes(bareApp);
    bare = await listen(bareApp);
  });
  afterAll(async () => {
    await traced.close();
    await bare.close();
  });

  async function spanFor(path: string): Promise<DevAgentSpan> {
    await get(traced.url, path);
    const [span] = await backend.collect(1);
    return span!;
  }

  it('leaves the request object with the own properties Express gives it, except route', async () => {
    const seenTraced = (await (await fetch(`${traced.url}/inspect/7`)).json()) as ReturnType<typeof describeRequest>;
    const seenBare = (await (await fetch(`${bare.url}/inspect/7`)).json()) as ReturnType<typeof describeRequest>;
    await backend.collect(1);
    expect(seenTraced.routePath).toBe('/inspect/:id');
    expect(seenBare.routePath).toBe('/inspect/:id');
    // `route` is served by the accessor on the app's request prototype instead of an own property.
    expect(seenTraced.hasOwnRoute).toBe(false);
    expect(seenTraced.ownKeys).toEqual(seenBare.ownKeys.filter((key) => key !== 'route'));
  });

  it('keeps req.route working for requests that are not traced', async () => {
    const seen = (await (await fetch(`${traced.url}/inspect/ignored`)).json()) as ReturnType<typeof describeRequest>;
    expect(seen.routePath).toBe('/inspect/:id');
  });

  it('names the span after the route that answered, not one that passed the request on', async () => {
    const span = await spanFor('/chain/42');
    expect(span.resource).toBe('GET /chain/:id');
  });

  it('finds the full template at the end when the request lost its context before routing', async () => {
    const span = await spanFor('/lost/acme/9');
    expect(span.resource).toBe('GET /lost/:tenant/:item');
  });

  it('captures the route when the middleware runs inside the route', async () => {
    const span = await spanFor('/late/3');
    expect(span.resource).toBe('GET /late/:id');
  });
});
