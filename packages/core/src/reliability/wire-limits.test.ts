/**
 * Oversized and colliding input as the Agent receives it, both protocols: strings truncated the
 * way the Agent's truncator/normalizer would (name and service 100, resource 5 000, keys 200 +
 * `...`, meta values 25 000 + `...`), never splitting a surrogate pair, and attributes that use
 * the tracer's reserved keys never overriding what the tracer writes.
 */
import { ROOT_CONTEXT, trace } from '@opentelemetry/api';
import type { DevAgentSpan } from '@dd-otel/dev-agent';
import { afterEach, describe, expect, it } from 'vitest';
import { always, HEALTHY, startFaultyAgent } from './faulty-agent.test-support.js';
import type { FaultyAgent } from './faulty-agent.test-support.js';
import { startTestProvider } from './guards.test-support.js';
import type { TestProvider } from './guards.test-support.js';
import { expectNothingEscaped } from './expectations.test-support.js';

let agent: FaultyAgent | undefined;
let subject: TestProvider | undefined;

afterEach(async () => {
  await subject?.close();
  await agent?.close();
  subject = agent = undefined;
});

async function send(protocolVersion: '0.4' | '0.5', build: (subject: TestProvider) => void): Promise<DevAgentSpan[]> {
  agent = await startFaultyAgent(always(HEALTHY));
  subject = startTestProvider(agent.url, { protocolVersion });
  build(subject);
  await subject.provider.forceFlush();
  expect(agent.dev.problems()).toEqual([]);
  expectNothingEscaped(subject);
  return agent.dev.spans();
}

const hasLoneSurrogate = (text: string): boolean => /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(text);

describe.each(['0.4', '0.5'] as const)('Agent limits on the wire (v%s)', (protocolVersion) => {
  it('truncates name, service, resource, keys and values as the Agent does', async () => {
    const [span] = await send(protocolVersion, ({ tracer }) => {
      tracer
        .startSpan('n'.repeat(150), {
          attributes: {
            'resource.name': 'r'.repeat(6000),
            'service.name': 's'.repeat(150),
            ['k'.repeat(250)]: 'v',
            ['m'.repeat(250)]: 7,
            big: 'x'.repeat(30_000),
            'error.message': 'e'.repeat(40_000),
          },
        })
        .end();
    });
    expect(span!.name).toBe('n'.repeat(100));
    expect(span!.resource).toBe('r'.repeat(5000));
    expect(span!.service).toBe('s'.repeat(100));
    expect(span!.meta[`${'k'.repeat(200)}...`]).toBe('v');
    expect(span!.metrics[`${'m'.repeat(200)}...`]).toBe(7);
    expect(span!.meta.big).toBe(`${'x'.repeat(25_000)}...`);
    expect(span!.meta['error.message']).toBe(`${'e'.repeat(25_000)}...`);
  });

  it('never splits a surrogate pair at a limit', async () => {
    const emoji = '😀';
    const [span] = await send(protocolVersion, ({ tracer }) => {
      tracer
        .startSpan(`${'a'.repeat(99)}${emoji}`, {
          attributes: {
            'resource.name': `${'r'.repeat(4999)}${emoji}`,
            boundary: `${'b'.repeat(24_999)}${emoji}tail`,
            [`${'k'.repeat(199)}${emoji}`]: 'v',
          },
        })
        .end();
    });
    const strings = [span!.name, span!.resource, ...Object.keys(span!.meta), ...Object.values(span!.meta)];
    expect(strings.filter(hasLoneSurrogate)).toEqual([]);
    expect(span!.name).toBe('a'.repeat(99));
    expect(span!.resource).toBe('r'.repeat(4999));
    expect(span!.meta.boundary).toBe(`${'b'.repeat(24_999)}...`);
  });

  it('keeps span events and exception details within the meta value limit', async () => {
    const [span] = await send(protocolVersion, ({ tracer }) => {
      const subjectSpan = tracer.startSpan('events.limit');
      for (let i = 0; i < 50; i++) subjectSpan.addEvent(`event-${i}`, { payload: 'p'.repeat(2000), unicode: 'é'.repeat(500) });
      const error = new Error('m'.repeat(30_000));
      error.stack = 's'.repeat(100_000);
      subjectSpan.recordException(error);
      subjectSpan.end();
    });
    for (const value of Object.values(span!.meta)) expect(Buffer.byteLength(value)).toBeLessThanOrEqual(25_003 * 3);
    expect(span!.meta['error.stack']!.length).toBeLessThanOrEqual(25_003);
    // The JSON forms are cut between events, in UTF-8 bytes as the Agent counts, so they parse.
    if (span!.meta.events !== undefined) {
      expect(Buffer.byteLength(span!.meta.events)).toBeLessThanOrEqual(25_000);
      expect(() => JSON.parse(span!.meta.events!)).not.toThrow();
    }
  });
});

describe.each(['0.4', '0.5'] as const)('a runaway loop in the app (v%s)', (protocolVersion) => {
  it('bounds attributes, events and links per span and still sends a valid span', async () => {
    const [span] = await send(protocolVersion, ({ tracer }) => {
      const runaway = tracer.startSpan('runaway');
      const linked = { traceId: '0af7651916cd43dd8448eb211c80319c', spanId: 'b7ad6b7169203331', traceFlags: 1 };
      for (let i = 0; i < 5000; i++) {
        runaway.setAttribute(`attribute.${i}`, i);
        runaway.addEvent(`event.${i}`, { i });
        runaway.addLink({ context: linked, attributes: { i } });
      }
      runaway.end();
    });
    // 1024 attributes per span (the bound), plus the tracer's own metrics.
    const attributeMetrics = Object.keys(span!.metrics).filter((key) => key.startsWith('attribute.'));
    expect(attributeMetrics).toHaveLength(1024);
    const events = span!.spanEvents ?? [];
    expect(events.length).toBeGreaterThan(0);
    expect(events.length).toBeLessThanOrEqual(1024);
    for (const key of ['events', '_dd.span_links']) {
      const json = span!.meta[key];
      if (json !== undefined) expect(Buffer.byteLength(json)).toBeLessThanOrEqual(25_000);
    }
  });
});

describe.each(['0.4', '0.5'] as const)('reserved keys set as attributes (v%s)', (protocolVersion) => {
  it('never override what the tracer writes', async () => {
    const spans = await send(protocolVersion, ({ tracer }) => {
      const root = tracer.startSpan('reserved.root', {
        attributes: {
          _sampling_priority_v1: 99,
          '_dd.p.tid': 'zzzzzzzzzzzzzzzz',
          '_dd.p.dm': 'hacked',
          language: 'cobol',
          'runtime-id': 'not-a-uuid',
          process_id: 1,
          '_dd.top_level': 0,
          'span.kind': 'nonsense',
          '_dd.integration': 'fake',
          events: 'not json',
          '_dd.span_links': 'not json',
          'service.name': 42,
          'resource.name': false,
          'operation.name': 12,
        },
      });
      tracer.startSpan('reserved.child', { attributes: { error: 'yes', '_dd.origin': 'fake' } }, trace.setSpan(ROOT_CONTEXT, root)).end();
      root.end();
    });
    const root = spans.find((span) => span.name === 'reserved.root')!;
    const child = spans.find((span) => span.name === 'reserved.child')!;
    expect(root.metrics._sampling_priority_v1).toBe(1);
    expect(root.meta['_dd.p.tid']).toMatch(/^[0-9a-f]{16}$/);
    expect(root.traceId128.startsWith(root.meta['_dd.p.tid']!)).toBe(true);
    expect(root.meta['_dd.p.dm']).toMatch(/^-\d+$/);
    expect(root.meta.language).toBe('javascript');
    expect(root.meta['runtime-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(root.metrics.process_id).toBe(process.pid);
    expect(root.metrics['_dd.top_level']).toBe(1);
    expect(root.meta['span.kind']).toBe('internal');
    expect(root.meta['_dd.integration']).toBe('otel');
    expect(root.meta.events).toBeUndefined();
    expect(root.meta['_dd.span_links']).toBeUndefined();
    // Non-string naming attributes are ignored, not coerced.
    expect(root.service).toBe('reliability');
    expect(root.resource).toBe('reserved.root');
    expect(child.error).toBe(1);
    expect(child.meta['_dd.origin']).toBeUndefined();
  });
});
