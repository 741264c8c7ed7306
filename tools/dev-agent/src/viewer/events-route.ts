import type { ServerResponse } from 'node:http';
import type { Router } from '../router.js';
import type { TraceStore } from '../trace-store.js';
import type { DevAgentEvent } from '../types.js';

/** Proxies and idle timeouts drop silent connections; a comment line every 15 s keeps it open. */
const HEARTBEAT_MS = 15_000;
/** How long the browser waits before reconnecting after the agent went away. */
const RETRY_MS = 2000;

/**
 * `GET /api/events`: Server-Sent Events for the trace viewer, one per stored payload (`request`)
 * and on `clear`. They only say that something changed; the page re-reads what it shows.
 */
export function addEventsRoute(router: Router, store: TraceStore): void {
  router.add('GET', '/api/events', ({ req, res }) => {
    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-cache',
      Connection: 'keep-alive',
      'X-Content-Type-Options': 'nosniff',
    });
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    res.write(`retry: ${RETRY_MS}\n\n`);
    writeEvent(res, 'hello', store.stats());
    const unsubscribe = store.subscribe((event) => forward(res, event));
    const heartbeat = setInterval(() => res.write(': heartbeat\n\n'), HEARTBEAT_MS);
    heartbeat.unref();
    res.on('close', () => {
      clearInterval(heartbeat);
      unsubscribe();
    });
  });
}

function forward(res: ServerResponse, event: DevAgentEvent): void {
  if (event.type === 'close') {
    res.end();
  } else if (event.type === 'clear') {
    writeEvent(res, 'clear', {});
  } else {
    const { id, status, traceCount, spanCount, problems } = event.request;
    writeEvent(res, 'request', { id, status, traceCount, spanCount, problemCount: problems.length });
  }
}

/** JSON.stringify never emits a raw newline, so the data fits on one `data:` line. */
function writeEvent(res: ServerResponse, name: string, data: unknown): void {
  if (!res.writableEnded) res.write(`event: ${name}\ndata: ${JSON.stringify(data)}\n\n`);
}
