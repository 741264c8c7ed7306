/**
 * The SIGTERM handler proposed for the README, run for real: a traced HTTP server in a child
 * process gets SIGTERM while a request is still in flight; every span, the in-flight request's
 * included, reaches the Agent and the process exits 0.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleScript, runScript } from './child-process.test-support.js';
import type { BundledScript } from './child-process.test-support.js';
import { always, HEALTHY, startFaultyAgent } from './faulty-agent.test-support.js';

const CHILD_SOURCE = `
import http from 'node:http';
import { trace } from '@opentelemetry/api';
import { init } from '../init.js';

const provider = init({ url: process.argv[2], service: 'sigterm-test', logLevel: 'error' });
const tracer = trace.getTracer('app');
const server = http.createServer((req, res) => {
  tracer.startActiveSpan('web.request', (span) => {
    const delay = req.url === '/slow' ? 300 : 0;
    setTimeout(() => {
      res.end('ok');
      span.end();
    }, delay);
  });
});
server.listen(0, '127.0.0.1', () => console.log('ready ' + server.address().port));

// --- the README snippet ---
process.once('SIGTERM', () => {
  // Stop accepting connections; the callback runs once in-flight requests are done.
  server.close(() => {
    // Sends every finished span (waiting at most 5 s for the Agent), then exits.
    provider.shutdown().finally(() => process.exit(0));
  });
});
`;

let child: BundledScript;
beforeAll(async () => {
  child = await bundleScript(CHILD_SOURCE, 'sigterm-child');
});
afterAll(() => child?.remove());

describe('graceful shutdown on SIGTERM', () => {
  it('delivers the spans of finished and in-flight requests, then exits 0', async () => {
    const agent = await startFaultyAgent(always(HEALTHY));
    let slowAnswer: Promise<string> | undefined;
    try {
      const result = await runScript(child.path, {
        args: [agent.url],
        onStdout: (text, process) => {
          const port = /ready (\d+)/.exec(text)?.[1];
          if (port === undefined) return;
          void (async () => {
            for (let i = 0; i < 20; i++) await (await fetch(`http://127.0.0.1:${port}/fast`)).text();
            slowAnswer = fetch(`http://127.0.0.1:${port}/slow`).then((response) => response.text());
            // Let the slow request reach the server before the signal.
            await new Promise((resolve) => setTimeout(resolve, 100));
            process.kill('SIGTERM');
          })();
        },
      });
      expect(result).toMatchObject({ code: 0, signal: null, stderr: '', killedAfterTimeout: false });
      expect(await slowAnswer).toBe('ok');
      expect(agent.receivedSpans).toBe(21);
      expect(agent.dev.spans().every((span) => span.name === 'web.request')).toBe(true);
      expect(agent.dev.problems()).toEqual([]);
    } finally {
      await agent.close();
    }
  });
});
