import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DatadogModule } from './datadog.module.js';
import { serverSpanOf, spansOf, startTestTracing } from './testing/harness.test-support.js';
import type { TestTracing } from './testing/harness.test-support.js';
import { startTestApp } from './testing/test-app.test-support.js';
import type { RunningApp } from './testing/test-app.test-support.js';

let tracing: TestTracing;
let running: RunningApp;

beforeAll(async () => {
  tracing = await startTestTracing();
  running = await startTestApp('express', {
    datadog: DatadogModule.forRoot(),
    // A method override in front of Nest's middleware, as `app.use(methodOverride())` would be.
    beforeListen: (app) =>
      void app.use((req: { method: string; headers: Record<string, unknown> }, _res: unknown, next: () => void) => {
        const override = req.headers['x-http-method-override'];
        if (typeof override === 'string') req.method = override;
        next();
      }),
  });
});

afterAll(async () => {
  await running.close();
  await tracing.close();
});

describe('DatadogModule on the express adapter', () => {
  it('reads the request as the client sent it, before Express switches its prototype', async () => {
    const traceId = randomBytes(16).toString('hex');
    const clientSpanId = randomBytes(8).toString('hex');
    const response = await fetch(`${running.baseUrl}/api/v1/users/42`, {
      method: 'POST',
      headers: { traceparent: `00-${traceId}-${clientSpanId}-01`, 'x-http-method-override': 'GET' },
    });
    const body = await response.text();
    expect(response.status).toBe(200);
    const server = serverSpanOf(await spansOf(tracing.agent, { status: response.status, body, contentType: null, traceId, clientSpanId, json: () => JSON.parse(body) }));
    // The resource follows the method Nest routed; the HTTP tags say what came over the wire.
    expect(server.resource).toBe('GET /api/v1/users/:id');
    expect(server.meta).toMatchObject({ 'http.method': 'POST', 'http.request.method': 'POST', 'url.path': '/api/v1/users/42' });
  });
});
