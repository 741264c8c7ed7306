import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDevAgent, type DevAgent } from '../index.js';
import { Router } from '../router.js';
import { addStaticRoutes, locateViewerAssets } from './static-routes.js';

const packageRoot = fileURLToPath(new URL('../../', import.meta.url));

let agent: DevAgent;
beforeAll(async () => {
  agent = await startDevAgent();
});
afterAll(() => agent.close());

describe('trace viewer page and assets', () => {
  it('serves the page at / with a strict content security policy', async () => {
    const response = await fetch(agent.viewerUrl);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    const html = await response.text();
    expect(html).toContain('<script type="module" src="/ui/main.js"></script>');
  });

  it.each([
    ['main.js', 'text/javascript; charset=utf-8'],
    ['viewer.css', 'text/css; charset=utf-8'],
    ['icon.svg', 'image/svg+xml'],
  ])('serves /ui/%s as %s', async (name, contentType) => {
    const response = await fetch(`${agent.url}/ui/${name}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe(contentType);
    expect((await response.text()).length).toBeGreaterThan(100);
  });

  it.each(['nope.js', '..%2Fpackage.json', '.hidden.js', 'README.md', 'main.js.map'])('answers 404 for /ui/%s', async (name) => {
    const response = await fetch(`${agent.url}/ui/${name}`);
    expect(response.status).toBe(404);
  });

  it('answers HEAD with headers only', async () => {
    const response = await fetch(agent.viewerUrl, { method: 'HEAD' });
    expect(response.status).toBe(200);
    expect(Number(response.headers.get('content-length'))).toBeGreaterThan(0);
    expect(await response.text()).toBe('');
  });
});

describe('viewerUrl', () => {
  it('gives the viewer URL as loopback when bound to all interfaces', async () => {
    const wildcard = await startDevAgent({ host: '0.0.0.0' });
    try {
      expect(wildcard.url).toBe(`http://0.0.0.0:${wildcard.port}`);
      expect(wildcard.viewerUrl).toBe(`http://127.0.0.1:${wildcard.port}/`);
    } finally {
      await wildcard.close();
    }
  });
});

describe('locateViewerAssets', () => {
  it('finds viewer/ from src/viewer (tests) and from dist (bundles)', () => {
    const expected = join(packageRoot, 'viewer');
    expect(locateViewerAssets(join(packageRoot, 'src', 'viewer'))).toBe(expected);
    expect(locateViewerAssets(join(packageRoot, 'dist'))).toBe(expected);
  });

  it('answers 404 with an explanation when the files are missing', async () => {
    const missing = locateViewerAssets(mkdtempSync(join(tmpdir(), 'no-viewer-')));
    expect(missing).toBeUndefined();
    const router = new Router();
    addStaticRoutes(router, missing);
    const server = createServer((req, res) => void router.handle(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const response = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
      expect(response.status).toBe(404);
      expect(((await response.json()) as { error: string }).error).toContain('viewer files not found');
    } finally {
      server.close();
    }
  });
});
