import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { sendJson } from './http-io.js';
import { Router } from './router.js';

let server: Server | undefined;
afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

async function serve(router: Router): Promise<string> {
  server = createServer((req, res) => void router.handle(req, res));
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('Router', () => {
  it('matches literal segments and decodes :params', async () => {
    const router = new Router()
      .add('GET', '/items/:id', ({ res, params }) => sendJson(res, 200, { id: params.id }))
      .add('GET', '/items/special', ({ res }) => sendJson(res, 200, { special: true }));
    const base = await serve(router);
    expect(await (await fetch(`${base}/items/a%20b`)).json()).toEqual({ id: 'a b' });
    // First matching route wins.
    expect(await (await fetch(`${base}/items/special`)).json()).toEqual({ id: 'special' });
    expect((await fetch(`${base}/items`)).status).toBe(404);
    expect((await fetch(`${base}/items/1/2`)).status).toBe(404);
  });

  it('answers HEAD with a GET route and 405 with Allow for other methods', async () => {
    const router = new Router().add('GET', '/x', ({ res }) => sendJson(res, 200, { ok: true }));
    const base = await serve(router);
    expect((await fetch(`${base}/x`, { method: 'HEAD' })).status).toBe(200);
    const response = await fetch(`${base}/x`, { method: 'DELETE' });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET');
  });
});
