import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DatadogModule } from './datadog.module.js';
import { serverSpanOf, spansOf, startTestTracing, tracedGet } from './testing/harness.test-support.js';
import type { TestTracing } from './testing/harness.test-support.js';
import { ADAPTERS, startTestApp } from './testing/test-app.test-support.js';
import type { RunningApp } from './testing/test-app.test-support.js';

/** Routes whose answer comes from an exception: Nest's own filter, the app's, or a controller's. */
const PATHS = [
  '/api/v1/users/filtered',
  '/api/v1/users/boom',
  '/api/v1/users/crash',
  '/api/v1/users/guard-crash',
  '/api/v1/users/secret',
  '/api/v1/users/9/missing',
  '/api/v1/users/not-a-number',
  '/api/v1/rewritten/missing',
  '/api/nothing-here',
  '/outside-the-prefix',
];

interface Answer {
  status: number;
  contentType: string | null;
  body: string;
}

async function answers(running: RunningApp): Promise<Answer[]> {
  const result: Answer[] = [];
  for (const path of PATHS) {
    const { status, contentType, body } = await tracedGet(running.baseUrl, path);
    result.push({ status, contentType, body });
  }
  return result;
}

let tracing: TestTracing;

beforeAll(async () => {
  tracing = await startTestTracing();
});

afterAll(async () => {
  await tracing.close();
});

describe.each(ADAPTERS)('exception responses on the %s adapter', (adapter) => {
  for (const filterAsProvider of [false, true]) {
    const how = filterAsProvider ? 'APP_FILTER in the root module' : 'app.useGlobalFilters()';

    it(`are the same with and without the module when the app's filter is registered with ${how}`, async () => {
      const reference = await startTestApp(adapter, { filterAsProvider });
      const traced = await startTestApp(adapter, { filterAsProvider, datadog: DatadogModule.forRoot() });
      try {
        const expected = await answers(reference);
        const actual = await answers(traced);
        expect(actual).toEqual(expected);
        // The app's filter still wins over the module's: its own status and body.
        expect(actual[0]).toMatchObject({ status: 418, body: JSON.stringify({ teapot: true, message: 'short and stout' }) });
        // A controller-level filter too.
        expect(actual[7]).toMatchObject({ status: 422 });
      } finally {
        await reference.close();
        await traced.close();
      }
    });
  }

  it('still records the exceptions the app filter answers with a 5xx', async () => {
    const running = await startTestApp(adapter, {
      filterAsProvider: true,
      datadog: DatadogModule.forRoot({ validateStatus: (status) => status < 400 }),
    });
    try {
      const response = await tracedGet(running.baseUrl, '/api/v1/users/filtered');
      expect(response.status).toBe(418);
      const server = serverSpanOf(await spansOf(tracing.agent, response));
      expect(server).toMatchObject({ error: 1 });
      expect(server.meta).toMatchObject({ 'error.type': 'TeapotError', 'error.message': 'short and stout' });
    } finally {
      await running.close();
    }
  });
});
