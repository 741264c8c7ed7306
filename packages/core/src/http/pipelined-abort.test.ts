import { connect } from 'node:net';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import { useTracedServers } from './server-span.test-support.js';

const servers = useTracedServers();

/**
 * Sends both requests in one write on one connection, so Node queues the second one's response
 * behind the first; closes the connection once `ready()` says so.
 */
function pipelineThenHangUp(url: string, paths: string[], ready: () => boolean): Promise<void> {
  const { port } = new URL(url);
  const bytes = paths.map((path) => `GET ${path} HTTP/1.1\r\nHost: test\r\n\r\n`).join('');
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), '127.0.0.1', () => socket.write(bytes));
    socket.on('error', reject);
    socket.on('close', () => resolve());
    const check = setInterval(() => {
      if (!ready()) return;
      clearInterval(check);
      socket.destroy();
    }, 5);
  });
}

describe('a pipelined request whose connection drops while its response waits', () => {
  it('ends both request spans as aborted', async () => {
    const handled: string[] = [];
    const held: ServerResponse[] = [];
    const url = await servers.serve((req: IncomingMessage, res: ServerResponse) => {
      handled.push(req.url!);
      // The first response never ends before the hang-up; the second is queued behind it
      // (it has no socket), so Node never closes it.
      if (req.url === '/first') held.push(res);
      else res.end('second');
    });
    await pipelineThenHangUp(url, ['/first', '/second'], () => handled.length === 2);
    const spans = await servers.memory.waitForSpans(2);
    const byTarget = new Map(spans.map((span) => [span.attributes['url.path'], span]));
    expect([...byTarget.keys()].sort()).toEqual(['/first', '/second']);
    expect(byTarget.get('/first')!.attributes['http.aborted']).toBe(true);
    expect(byTarget.get('/first')!.attributes['http.status_code']).toBeUndefined();
    // Its response was written to a queue the connection never reached.
    expect(byTarget.get('/second')!.attributes['http.aborted']).toBe(true);
    expect(held).toHaveLength(1);
  });

  it('adds no request listener when the response has its socket (the usual request)', async () => {
    let listeners = -1;
    const url = await servers.serve((req: IncomingMessage, res: ServerResponse) => {
      listeners = req.listenerCount('close');
      res.end('ok');
    });
    await fetch(`${url}/usual`);
    await servers.memory.waitForSpans(1);
    expect(listeners).toBe(0);
  });
});
