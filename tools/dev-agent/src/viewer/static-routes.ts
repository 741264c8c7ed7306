import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ServerResponse } from 'node:http';
import { sendJson } from '../http-io.js';
import type { Router } from '../router.js';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
};

/**
 * Span data is untrusted; the page never interprets it as markup, and this policy makes sure that
 * even a slip could not run a script or load anything from elsewhere.
 */
const CONTENT_SECURITY_POLICY =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
  "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/** Asset names are flat (`/ui/waterfall.js`): anything else, `..` included, is not an asset. */
const ASSET_NAME = /^[a-z0-9][a-z0-9-]*\.(html|js|css|svg)$/;

/**
 * The folder of the viewer's static files: `viewer/` at the package root, found from this module
 * whether it runs from `src/viewer/` (tests) or from a bundle in `dist/` (built or installed).
 */
export function locateViewerAssets(moduleDirectory: string = currentModuleDirectory()): string | undefined {
  for (const candidate of [resolve(moduleDirectory, '..', 'viewer'), resolve(moduleDirectory, '..', '..', 'viewer')]) {
    if (existsSync(join(candidate, 'index.html'))) return candidate;
  }
  return undefined;
}

/**
 * `GET /` (the page) and `GET /ui/:asset` (its scripts, styles and icon) from `assetDirectory`;
 * without one they answer 404 saying so.
 */
export function addStaticRoutes(router: Router, assetDirectory: string | undefined): void {
  router.add('GET', '/', ({ req, res }) => serveAsset(res, assetDirectory, 'index.html', req.method === 'HEAD'));
  router.add('GET', '/ui/:asset', ({ req, res, params }) =>
    serveAsset(res, assetDirectory, params.asset ?? '', req.method === 'HEAD'),
  );
}

async function serveAsset(res: ServerResponse, directory: string | undefined, name: string, headOnly: boolean): Promise<void> {
  if (directory === undefined) {
    sendJson(res, 404, { error: 'trace viewer files not found next to the dev agent (expected a viewer/ folder in the package)' });
    return;
  }
  const extension = ASSET_NAME.exec(name)?.[1];
  let body: Buffer;
  try {
    if (extension === undefined) throw new Error('not an asset name');
    body = await readFile(join(directory, name));
  } catch {
    sendJson(res, 404, { error: `no viewer asset ${JSON.stringify(name)}` });
    return;
  }
  res.writeHead(200, {
    'Content-Type': CONTENT_TYPES[`.${extension}`],
    'Content-Length': body.length,
    // Files change with the package version only, but a developer editing them wants a reload to work.
    'Cache-Control': 'no-cache',
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
  });
  res.end(headOnly ? undefined : body);
}

function currentModuleDirectory(): string {
  // tsup's shims give CJS bundles an import.meta.url too.
  return dirname(fileURLToPath(import.meta.url));
}
