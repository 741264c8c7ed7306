import { afterAll, describe, expect, it } from 'vitest';
import express from 'express';
import { startDevAgent } from '@dd-otel/dev-agent';
import { getInitializedProvider, getRegisteredTracerProvider } from '@dd-otel/core';
import { datadogMiddleware } from './index.js';
import { get, listen } from './express-test.test-support.js';

describe('with no tracer provider registered', () => {
  const cleanup: Array<() => Promise<void>> = [];
  afterAll(async () => {
    for (const step of cleanup.reverse()) await step();
  });

  it('initialises @dd-otel/core from the environment at the first request', async () => {
    const agent = await startDevAgent({ port: 0 });
    cleanup.push(() => agent.close());
    process.env.DD_TRACE_AGENT_URL = agent.url;
    process.env.DD_SERVICE = 'from-env';
    expect(getRegisteredTracerProvider()).toBeUndefined();

    const app = express();
    // Created before any provider exists, as apps commonly do at import time.
    app.use(datadogMiddleware());
    app.get('/ping', (_req, res) => {
      res.send('pong');
    });
    const running = await listen(app);
    cleanup.push(() => running.close());
    expect(getInitializedProvider()).toBeUndefined();

    await get(running.url, '/ping');
    const provider = getInitializedProvider();
    expect(provider).toBeDefined();
    expect(getRegisteredTracerProvider()).toBe(provider);
    cleanup.push(() => provider!.shutdown());
    await provider!.forceFlush();
    const [span] = await agent.waitForSpans(1);
    expect(span).toMatchObject({ name: 'express.request', resource: 'GET /ping', service: 'from-env' });
  });
});
