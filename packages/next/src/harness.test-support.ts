import { context, propagation, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { Attributes, Span, Tracer } from '@opentelemetry/api';
import { DatadogTracerProvider } from '@dd-otel/core';
import type { DatadogOptions } from '@dd-otel/core';
import { startDevAgent } from '@dd-otel/dev-agent';
import type { DevAgent, DevAgentSpan } from '@dd-otel/dev-agent';
import { NextSpanProcessor } from './next-span-processor.js';
import { nodeMappingSettings } from './node-settings.js';
import type { RequestOperationName } from './options.js';
import { checkWebOptions } from './web-options.js';
import type { NextWebOptions } from './web-options.js';

/**
 * A real dev agent, a registered dd-otel provider with the Next.js span processor, and a tracer
 * named like Next's, so hand-made spans travel the same path as Next's own.
 */
export interface NextHarness {
  agent: DevAgent;
  provider: DatadogTracerProvider;
  /** Tracer with Next's scope name (`next.js`). */
  nextTracer: Tracer;
  /** Tracer for the app's own spans. */
  appTracer: Tracer;
  /** Flushes, waits until the agent has `count` more spans, returns those. */
  collect(count: number): Promise<DevAgentSpan[]>;
  close(): Promise<void>;
}

/**
 * `options` configure the tracer (as `DD_*` variables would); `nextOptions` are the web options
 * given to `registerDatadog`, which apply to Next's spans only.
 */
export async function startNextHarness(
  options: DatadogOptions & { operationName?: RequestOperationName } = {},
  nextOptions: NextWebOptions = {},
): Promise<NextHarness> {
  const { operationName = 'next.request', ...coreOptions } = options;
  const agent = await startDevAgent({ port: 0 });
  const provider = new DatadogTracerProvider({ url: agent.url, service: 'next-test', ...coreOptions });
  provider.register();
  provider.addSpanProcessor(new NextSpanProcessor(nodeMappingSettings(provider, operationName, checkWebOptions(nextOptions))));
  let seen = 0;
  return {
    agent,
    provider,
    nextTracer: provider.getTracer('next.js', '16.4.6'),
    appTracer: provider.getTracer('app', '1.0.0'),
    async collect(count) {
      await provider.forceFlush();
      await agent.waitForSpans(seen + count);
      const fresh = agent.spans().slice(seen);
      seen += fresh.length;
      return fresh;
    },
    async close() {
      await provider.shutdown();
      await agent.close();
      trace.disable();
      context.disable();
      propagation.disable();
    },
  };
}

/** Starts a span the way Next's `tracer.trace(type, …)` does: Next's base attributes first. */
export function startNextSpan(
  tracer: Tracer,
  spanType: string,
  name: string,
  options: { kind?: SpanKind; attributes?: Attributes } = {},
): Span {
  return tracer.startSpan(name, {
    kind: options.kind ?? SpanKind.INTERNAL,
    attributes: { 'next.span_category': 'nextjs', 'next.span_name': name, 'next.span_type': spanType, ...options.attributes },
  });
}

/** `BaseServer.handleRequest` as Next 16 starts it: named after the method, with the raw target. */
export function startRequestSpan(tracer: Tracer, method: string, target: string): Span {
  return startNextSpan(tracer, 'BaseServer.handleRequest', method, {
    kind: SpanKind.SERVER,
    attributes: { 'http.method': method, 'http.target': target },
  });
}

/** What Next 16's `handleRequest` does when the response is done (base-server.js), then `end()`. */
export function finishRequestSpan(span: Span, method: string, status: number, route?: string): void {
  span.setAttributes({ 'http.status_code': status, 'next.rsc': false });
  if (status >= 500) {
    span.setStatus({ code: SpanStatusCode.ERROR });
    span.setAttribute('error.type', String(status));
  }
  if (route !== undefined) {
    span.setAttributes({ 'next.route': route, 'http.route': route, 'next.span_name': `${method} ${route}` });
    span.updateName(`${method} ${route}`);
  } else {
    span.updateName(method);
  }
  span.end();
}

export function spanNamed(spans: readonly DevAgentSpan[], name: string): DevAgentSpan {
  const found = spans.find((span) => span.name === name);
  if (found === undefined) throw new Error(`no span named ${name}; got ${spans.map((span) => span.name).join(', ')}`);
  return found;
}
