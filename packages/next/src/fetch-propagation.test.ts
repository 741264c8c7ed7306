import { createServer } from 'node:http';
import type { IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { context, trace } from '@opentelemetry/api';
import { afterEach, describe, expect, it } from 'vitest';
import { injectTraceHeaders, installFetchPropagation } from './fetch-propagation.js';
import { startNextHarness, startNextSpan, startRequestSpan } from './harness.test-support.js';
import type { NextHarness } from './harness.test-support.js';
import { nextTracingState } from './shared-state.js';

function fakeUndiciRequest(headers: unknown[] | string = []) {
  const added: Record<string, string> = {};
  return {
    added,
    message: {
      request: {
        headers,
        addHeader(name: string, value: string) {
          added[name] = value;
        },
      },
    },
  };
}

describe('outgoing fetch trace headers', () => {
  let harness: NextHarness;
  afterEach(async () => {
    await harness.close();
  });

  it('adds Datadog and W3C headers for requests made under a Next request', async () => {
    harness = await startNextHarness();
    const state = nextTracingState();
    const request = startRequestSpan(harness.nextTracer, 'GET', '/chain');
    const fake = fakeUndiciRequest();
    context.with(trace.setSpan(context.active(), request), () => {
      const fetchSpan = startNextSpan(harness.nextTracer, 'AppRender.fetch', 'fetch GET http://x/');
      context.with(trace.setSpan(context.active(), fetchSpan), () => injectTraceHeaders(fake.message, state));
      fetchSpan.end();
    });
    request.end();
    expect(fake.added.traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
    expect(fake.added.traceparent!.split('-')[1]).toBe(request.spanContext().traceId);
    expect(fake.added['x-datadog-trace-id']).toBe(BigInt(`0x${request.spanContext().traceId.slice(16)}`).toString());
    // The parent of the downstream request is the fetch span, not the request span.
    expect(fake.added.traceparent!.split('-')[2]).not.toBe(request.spanContext().spanId);
  });

  it('leaves requests alone outside Next requests and when they already carry trace headers', async () => {
    harness = await startNextHarness();
    const state = nextTracingState();
    const outside = fakeUndiciRequest();
    harness.appTracer.startActiveSpan('background-job', (span) => {
      injectTraceHeaders(outside.message, state);
      span.end();
    });
    expect(outside.added).toEqual({});

    const request = startRequestSpan(harness.nextTracer, 'GET', '/chain');
    const ownArray = fakeUndiciRequest(['Traceparent', '00-aa-bb-01']);
    const ownString = fakeUndiciRequest('accept: */*\r\nx-datadog-trace-id: 1\r\n');
    context.with(trace.setSpan(context.active(), request), () => {
      injectTraceHeaders(ownArray.message, state);
      injectTraceHeaders(ownString.message, state);
      injectTraceHeaders({ request: { headers: [] } }, state);
      injectTraceHeaders(null, state);
    });
    request.end();
    expect(ownArray.added).toEqual({});
    expect(ownString.added).toEqual({});
  });

  it("reaches a real server through Node's fetch (undici diagnostics channel)", async () => {
    harness = await startNextHarness();
    const state = nextTracingState();
    expect(state.fetchPropagationInstalled).toBe(false);
    installFetchPropagation(state);
    installFetchPropagation(state);
    let received: IncomingHttpHeaders = {};
    const server = createServer((incoming, response) => {
      received = incoming.headers;
      response.end('ok');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    try {
      const request = startRequestSpan(harness.nextTracer, 'GET', '/chain');
      await context.with(trace.setSpan(context.active(), request), async () => {
        const response = await fetch(`http://127.0.0.1:${port}/downstream`);
        await response.text();
      });
      request.end();
      expect(received.traceparent).toMatch(new RegExp(`^00-${request.spanContext().traceId}-${request.spanContext().spanId}-01$`));
      expect(received['x-datadog-parent-id']).toBe(BigInt(`0x${request.spanContext().spanId}`).toString());
    } finally {
      server.close();
    }
  });
});
