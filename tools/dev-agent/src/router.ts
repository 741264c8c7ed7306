import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendJson } from './http-io.js';

export interface RouteContext {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  /** Values of `:name` segments of the matched pattern (URL-decoded). */
  params: Record<string, string>;
}

export type RouteHandler = (context: RouteContext) => void | Promise<void>;

interface Route {
  methods: ReadonlySet<string>;
  segments: readonly string[];
  handler: RouteHandler;
}

/**
 * A small method + path router: patterns are `/`-separated literal segments or `:name` params.
 * Unknown paths answer 404, known paths with another method 405 (with `Allow`).
 */
export class Router {
  private readonly routes: Route[] = [];

  add(methods: string | readonly string[], pattern: string, handler: RouteHandler): this {
    const list = typeof methods === 'string' ? [methods] : methods;
    this.routes.push({ methods: new Set(list.map((method) => method.toUpperCase())), segments: splitPath(pattern), handler });
    return this;
  }

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://dev-agent.local');
    const segments = splitPath(url.pathname);
    const method = (req.method ?? 'GET').toUpperCase();
    const allowed = new Set<string>();
    for (const route of this.routes) {
      const params = matchSegments(route.segments, segments);
      if (params === undefined) continue;
      if (route.methods.has(method) || (method === 'HEAD' && route.methods.has('GET'))) {
        await route.handler({ req, res, url, params });
        return;
      }
      for (const allowedMethod of route.methods) allowed.add(allowedMethod);
    }
    drain(req);
    if (allowed.size > 0) {
      sendJson(res, 405, { error: `method ${method} not allowed on ${url.pathname}` }, { Allow: [...allowed].join(', ') });
    } else {
      sendJson(res, 404, { error: `no route for ${method} ${url.pathname}` });
    }
  }
}

function splitPath(path: string): string[] {
  return path.split('/').filter((segment) => segment !== '');
}

function matchSegments(pattern: readonly string[], actual: readonly string[]): Record<string, string> | undefined {
  if (pattern.length !== actual.length) return undefined;
  const params: Record<string, string> = {};
  for (let index = 0; index < pattern.length; index++) {
    const expected = pattern[index] as string;
    const segment = actual[index] as string;
    if (expected.startsWith(':')) {
      try {
        params[expected.slice(1)] = decodeURIComponent(segment);
      } catch {
        return undefined;
      }
    } else if (expected !== segment) {
      return undefined;
    }
  }
  return params;
}

/** Discards an unread request body so the connection can be reused. */
export function drain(req: IncomingMessage): void {
  if (!req.readableEnded) req.resume();
}
