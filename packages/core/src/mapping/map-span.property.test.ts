import { SpanKind, SpanStatusCode, type Attributes, type SpanKind as SpanKindType } from '@opentelemetry/api';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CompactSpanRecord } from '../encode/compact-span-record.js';
import type { FinishedSpanData } from '../span/span-data.js';
import { buildMapperStatics } from './mapper-statics.js';
import { SpanMapper } from './map-span.js';
import { ReferenceSpanMapper } from './reference-mapper.test-support.js';
import { TEST_START_MS, testConfig, testTrace } from './test-span.js';

// Keys chosen to collide: config tags, tracer-owned keys, naming keys, trace tags, JSON keys.
const KEYS = [
  'team', 'env', 'version', 'region', 'error.message', 'error.type', 'http.status_code',
  'http.response.status_code', 'service.name', 'resource.name', 'operation.name', 'span.type',
  'language', 'runtime-id', 'process_id', 'span.kind', '_dd.measured', 'analytics.event', '_dd.hostname',
  '_dd.p.dm', '_dd.p.tid', 'baggage.user.id', 'events', '_dd.span_links', '_sampling_priority_v1',
  '_dd.top_level', '_dd.rule_psr', 'error', 'plain', 'n', 'k'.repeat(201),
] as const;
const key = fc.constantFrom(...KEYS);
const scalar = fc.oneof(
  fc.constantFrom('v', '', 'web', 'x'.repeat(25_001)),
  fc.string({ maxLength: 8 }),
  fc.constantFrom(0, -0, 1, 7, 1.5, NaN, Infinity, 404),
  fc.boolean(),
);
const attributeValue = fc.oneof({ weight: 5, arbitrary: scalar }, { weight: 1, arbitrary: fc.array(scalar, { maxLength: 3 }) });
const attributes = fc.dictionary(key, attributeValue, { maxKeys: 5 }).map((entries) => entries as Attributes);

const config = fc
  .record({
    tags: fc.dictionary(key, fc.constantFrom('a', 'b'), { maxKeys: 3 }),
    env: fc.constantFrom(undefined, '', 'prod'),
    version: fc.constantFrom(undefined, '1.2.3'),
    reportHostname: fc.boolean(),
    naming: fc.constantFrom('datadog' as const, 'otel-v2' as const),
  })
  .map((overrides) => testConfig(overrides));

const span = fc
  .record({
    name: fc.constantFrom('operation_name', ''),
    kind: fc.constantFrom<SpanKindType>(SpanKind.INTERNAL, SpanKind.SERVER, SpanKind.CLIENT, SpanKind.PRODUCER, SpanKind.CONSUMER, 7 as SpanKindType),
    attributes,
    isLocalRoot: fc.boolean(),
    traceTags: fc.dictionary(key, fc.constantFrom('t1', 't2'), { maxKeys: 3 }),
    rootMetrics: fc.dictionary(fc.constantFrom('_dd.rule_psr', 'process_id', '_dd.measured', '_sampling_priority_v1', 'team'), fc.constantFrom(0.5, 1), { maxKeys: 2 }),
    priority: fc.constantFrom(undefined, -1, 1, 2, 0.5),
    origin: fc.constantFrom(undefined, '', 'synthetics'),
    error: fc.option(fc.record({ type: fc.constantFrom(undefined, 'TypeError'), message: fc.constantFrom(undefined, 'boom'), stack: fc.constant(undefined), flagged: fc.boolean() }), { nil: undefined }),
    events: fc.array(fc.record({ name: fc.constantFrom('e', 'Event With Some Attributes'), timeMs: fc.constant(TEST_START_MS + 0.5), attributes: fc.option(attributes, { nil: undefined }) }), { maxLength: 2 }),
    scope: fc.constantFrom('my-app', '@opentelemetry/instrumentation-http'),
    traceId: fc.constantFrom('0000000000000000a1b2c3d4e5f60718', '6553f1a200000000a1b2c3d4e5f60718'),
    numericIds: fc.boolean(),
  })
  .map((s): FinishedSpanData => {
    const trace = testTrace({ traceId: s.traceId, tags: s.traceTags, rootMetrics: s.rootMetrics, samplingPriority: s.priority, origin: s.origin });
    const ids = s.numericIds ? { spanIdHigh: 0x0102_0304, spanIdLow: -0x0a0b_0c0d, parentIdHigh: s.isLocalRoot ? 0 : 0x1111_1111, parentIdLow: s.isLocalRoot ? 0 : 0x2222_2222 } : {};
    return {
      name: s.name,
      kind: s.kind,
      spanIdHex: '01020304f5f4f3f3',
      parentSpanIdHex: s.isLocalRoot ? undefined : '1111111122222222',
      ...ids,
      isLocalRoot: s.isLocalRoot,
      hasRemoteParent: false,
      attributes: s.attributes,
      events: s.events,
      links: [],
      statusCode: SpanStatusCode.UNSET,
      statusMessage: undefined,
      error: s.error,
      startMs: TEST_START_MS,
      endMs: TEST_START_MS + 1.25,
      instrumentationScope: { name: s.scope },
      trace,
    };
  });

describe('SpanMapper gives the tags of the plain mapper it replaced', () => {
  it('for any config, span and position in the chunk (constant blocks, pass-through, fallback)', () => {
    fc.assert(
      fc.property(config, span, fc.boolean(), fc.boolean(), (resolvedConfig, finished, isFirstInChunk, native) => {
        const statics = buildMapperStatics({ config: resolvedConfig, processId: 4242, hostname: 'web-1' });
        const record = new SpanMapper(statics).map(finished, isFirstInChunk, native);
        const expected = new ReferenceSpanMapper(statics).map(finished, isFirstInChunk, native);
        expect(record).toBeInstanceOf(CompactSpanRecord);
        expect({
          traceId: record.traceId, spanId: record.spanId, parentId: record.parentId,
          name: record.name, resource: record.resource, service: record.service, type: record.type,
          error: record.error, start: record.start, duration: record.duration,
          meta: record.meta, metrics: record.metrics, spanEvents: record.spanEvents,
        }).toEqual({ ...expected, spanEvents: expected.spanEvents });
      }),
      { numRuns: 1500 },
    );
  });

  it('passes the attributes object through for a plain child span', () => {
    const statics = buildMapperStatics({ config: testConfig({ tags: { team: 'a' } }), processId: 1 });
    const attributes = { attribute_key1: 1, label: 'x' };
    const child = {
      name: 'operation_name', kind: SpanKind.INTERNAL, spanIdHex: '0000000000000002', parentSpanIdHex: '0000000000000001',
      isLocalRoot: false, hasRemoteParent: false, attributes, events: [], links: [], statusCode: SpanStatusCode.UNSET,
      statusMessage: undefined, error: undefined, startMs: TEST_START_MS, endMs: TEST_START_MS + 1,
      instrumentationScope: { name: 'app' }, trace: testTrace(),
    } satisfies FinishedSpanData;
    const record = new SpanMapper(statics).map(child, false, true);
    expect(record.passThroughAttributes).toBe(attributes);
    expect(record.extraMeta).toBeUndefined();
    expect(record.constants.metaKeys).toContain('team');
    // An attribute overriding a config tag is mapped the plain way (the attribute wins).
    const overriding = new SpanMapper(statics).map({ ...child, attributes: { team: 'b' } }, false, true);
    expect(overriding.constants.metaCount).toBe(0);
    expect(overriding.meta.team).toBe('b');
  });

  it('passes a request span\'s attributes through, naming keys read and left out of meta', () => {
    const statics = buildMapperStatics({ config: testConfig(), processId: 1 });
    const attributes = {
      'operation.name': 'fastify.request', 'span.type': 'web', component: 'fastify', 'http.method': 'GET',
      'server.port': 3000, 'http.status_code': '200', 'http.response.status_code': 200, 'resource.name': 'GET /users/:id',
    };
    const root = {
      name: 'fastify.request', kind: SpanKind.SERVER, spanIdHex: '0000000000000002', parentSpanIdHex: undefined,
      isLocalRoot: true, hasRemoteParent: false, attributes, events: [], links: [], statusCode: SpanStatusCode.UNSET,
      statusMessage: undefined, error: undefined, startMs: TEST_START_MS, endMs: TEST_START_MS + 1,
      instrumentationScope: { name: 'app' }, trace: testTrace({ tags: { '_dd.p.dm': '-0' }, rootMetrics: { '_dd.rule_psr': 1 } }),
    } satisfies FinishedSpanData;
    const record = new SpanMapper(statics).map(root, true, true);
    expect(record.passThroughAttributes).toBe(attributes);
    expect([record.name, record.resource, record.type]).toEqual(['fastify.request', 'GET /users/:id', 'web']);
    expect(record.meta).toMatchObject({ component: 'fastify', 'http.method': 'GET', 'http.status_code': '200', '_dd.p.dm': '-0' });
    expect(Object.keys(record.meta)).not.toContain('operation.name');
    expect(Object.keys(record.meta)).not.toContain('resource.name');
    expect(record.metrics).toMatchObject({ 'server.port': 3000, 'http.response.status_code': 200, '_dd.top_level': 1, '_dd.rule_psr': 1 });
    // Without the string status, the numeric one must also give `http.status_code`: mapped.
    const numericOnly = new SpanMapper(statics).map({ ...root, attributes: { 'http.response.status_code': 404 } }, true, true);
    expect(numericOnly.passThroughAttributes).toBeUndefined();
    expect(numericOnly.meta['http.status_code']).toBe('404');
  });
});
