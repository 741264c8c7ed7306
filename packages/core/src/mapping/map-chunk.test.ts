import { describe, expect, it } from 'vitest';
import { SpanKind } from '@opentelemetry/api';
import { createChunkMapper, mapChunk } from './map-chunk.js';
import {
  TEST_PID,
  TEST_RUNTIME_ID,
  TEST_START_MS,
  TEST_TRACE_ID_128,
  TEST_TRACE_ID_64,
  testChildSpan,
  testContext,
  testSpan,
  testTrace,
} from './test-span.js';

describe('mapChunk: record fields', () => {
  it('maps ids, times and the default naming of a custom span', () => {
    // Epoch-ms doubles carry ~244 ns of precision: use binary fractions the input can hold.
    const root = testSpan({ startMs: TEST_START_MS + 0.25, endMs: TEST_START_MS + 2.765625 });
    const [record] = mapChunk([root], testContext());
    expect(record).toMatchObject({
      traceId: 'a1b2c3d4e5f60718',
      spanId: 'a1b2c3d4e5f60718',
      parentId: '0000000000000000',
      name: 'custom.operation',
      resource: 'custom.operation',
      service: 'checkout',
      type: '',
      error: 0,
      duration: 2_515_625,
    });
    expect(record!.start).toBe(1_767_225_600_000_250_000);
    expect(Number.isInteger(record!.start)).toBe(true);
    expect(record!.spanEvents).toBeUndefined();
  });

  it('uses the low 64 bits of a 128-bit trace id and the parent id of a child', () => {
    const root = testSpan({ trace: testTrace({ traceId: TEST_TRACE_ID_128 }) });
    const child = testChildSpan(root, '0102030405060708');
    const records = mapChunk([root, child], testContext());
    expect(records.map((record) => record.traceId)).toEqual(['a1b2c3d4e5f60718', 'a1b2c3d4e5f60718']);
    expect(records[1]!.parentId).toBe('a1b2c3d4e5f60718');
  });

  it('never reports a negative or NaN duration', () => {
    const [backwards] = mapChunk([testSpan({ endMs: TEST_START_MS - 5 })], testContext());
    const [broken] = mapChunk([testSpan({ endMs: Number.NaN })], testContext());
    expect(backwards!.duration).toBe(0);
    expect(broken!.duration).toBe(0);
  });

  it('normalises empty and oversized names, services, resources and types', () => {
    const [record] = mapChunk(
      [testSpan({ name: '', kind: SpanKind.SERVER, attributes: { 'service.name': '', 'span.type': 't'.repeat(150) } })],
      testContext(),
    );
    expect(record!.name).toBe('server.request');
    expect(record!.service).toBe('unnamed-service');
    expect(record!.type).toBe('t'.repeat(100));

    const [long] = mapChunk(
      [testSpan({ name: 'n'.repeat(150), attributes: { 'resource.name': 'r'.repeat(6000), 'service.name': 's'.repeat(150) } })],
      testContext(),
    );
    expect(long!.name).toBe('n'.repeat(100));
    expect(long!.resource).toBe('r'.repeat(5000));
    expect(long!.service).toBe('s'.repeat(100));
  });

  it('falls back to the operation name for an empty resource.name', () => {
    const [record] = mapChunk([testSpan({ attributes: { 'resource.name': '' } })], testContext());
    expect(record!.resource).toBe('custom.operation');
  });

  it('falls back to unnamed_operation when nothing names the span', () => {
    const [record] = mapChunk([testSpan({ name: '', attributes: { 'operation.name': '' } })], testContext());
    expect(record!.name).toBe('internal');
    const [v2] = mapChunk(
      [testSpan({ name: '', attributes: { 'operation.name': '!!!' } })],
      testContext({}, { naming: 'otel-v2' }),
    );
    // NormalizeTagValue('!!!') is empty, so V2 falls through to the kind.
    expect(v2!.name).toBe('Internal');
  });
});

describe('mapChunk: tags on every span', () => {
  it('writes language, kind, runtime-id, env, version, global tags, integration and process id', () => {
    const [record] = mapChunk([testSpan()], testContext({}, { tags: { team: 'payments' } }));
    expect(record!.meta).toMatchObject({
      language: 'javascript',
      'span.kind': 'internal',
      'runtime-id': TEST_RUNTIME_ID,
      env: 'prod',
      version: '1.2.3',
      team: 'payments',
      '_dd.integration': 'otel',
    });
    // The span's service field carries the service; no duplicate `service` meta (see report).
    expect(record!.meta).not.toHaveProperty('service');
    expect(record!.metrics.process_id).toBe(TEST_PID);
    expect(record!.metrics._sampling_priority_v1).toBe(1);
  });

  it('omits env and version when not configured', () => {
    const [record] = mapChunk([testSpan()], testContext({}, { env: undefined, version: undefined }));
    expect(record!.meta).not.toHaveProperty('env');
    expect(record!.meta).not.toHaveProperty('version');
  });

  it('marks OTel instrumentation libraries as otel.library', () => {
    const [record] = mapChunk(
      [testSpan({ instrumentationScope: { name: '@opentelemetry/instrumentation-http', version: '0.1.0' } })],
      testContext(),
    );
    expect(record!.meta['_dd.integration']).toBe('otel.library');
  });

  it('writes _dd.hostname only with reportHostname', () => {
    const [without] = mapChunk([testSpan()], testContext({ hostname: 'web-1' }));
    expect(without!.meta).not.toHaveProperty('_dd.hostname');
    const [withHost] = mapChunk(
      [testSpan({ attributes: { '_dd.hostname': 'spoofed' } })],
      testContext({ hostname: 'web-1' }, { reportHostname: true }),
    );
    expect(withHost!.meta['_dd.hostname']).toBe('web-1');
  });

  it('writes _dd.origin on every span of a trace that has one', () => {
    const root = testSpan({ trace: testTrace({ origin: 'synthetics' }) });
    const records = mapChunk([root, testChildSpan(root, '0102030405060708')], testContext());
    expect(records.map((record) => record.meta['_dd.origin'])).toEqual(['synthetics', 'synthetics']);
  });

  it('omits _sampling_priority_v1 while the priority is undecided', () => {
    const [record] = mapChunk([testSpan({ trace: testTrace({ samplingPriority: undefined }) })], testContext());
    expect(record!.metrics).not.toHaveProperty('_sampling_priority_v1');
  });

  it('measures every non-internal span', () => {
    const kinds = [SpanKind.INTERNAL, SpanKind.SERVER, SpanKind.CLIENT, SpanKind.PRODUCER, SpanKind.CONSUMER];
    const records = mapChunk(kinds.map((kind) => testSpan({ kind })), testContext());
    expect(records.map((record) => record.meta['span.kind'])).toEqual([
      'internal', 'server', 'client', 'producer', 'consumer',
    ]);
    expect(records.map((record) => record.metrics['_dd.measured'])).toEqual([undefined, 1, 1, 1, 1]);
  });
});

describe('mapChunk: service override', () => {
  it('adds _dd.base_service (lower-cased tracer service) when service.name differs', () => {
    const [record] = mapChunk([testSpan({ attributes: { 'service.name': 'billing-db' } })], testContext({}, { service: 'Checkout' }));
    expect(record!.service).toBe('billing-db');
    expect(record!.meta['_dd.base_service']).toBe('checkout');
    expect(record!.meta['_dd.svc_src']).toBe('m');
    // dd-trace-js' bridge keeps version on overridden services.
    expect(record!.meta.version).toBe('1.2.3');
  });

  it('does not add _dd.base_service when only the case differs', () => {
    const [record] = mapChunk([testSpan({ attributes: { 'service.name': 'CHECKOUT' } })], testContext());
    expect(record!.service).toBe('CHECKOUT');
    expect(record!.meta).not.toHaveProperty('_dd.base_service');
  });

  it('honours tracerServiceLower from the context', () => {
    const [record] = mapChunk(
      [testSpan({ attributes: { 'service.name': 'other' } })],
      testContext({ tracerServiceLower: 'checkout-main' }),
    );
    expect(record!.meta['_dd.base_service']).toBe('checkout-main');
  });

  it('ignores a non-string service.name', () => {
    const [record] = mapChunk([testSpan({ attributes: { 'service.name': 5 } })], testContext());
    expect(record!.service).toBe('checkout');
    expect(record!.metrics).not.toHaveProperty('service.name');
  });
});

describe('mapChunk: local root and chunk-level tags', () => {
  it('marks the local root top level and adds the sampler root metrics', () => {
    const root = testSpan({ trace: testTrace({ rootMetrics: { '_dd.rule_psr': 0.5, '_dd.limit_psr': 1 } }) });
    const records = mapChunk([root, testChildSpan(root, '0102030405060708')], testContext());
    expect(records[0]!.metrics).toMatchObject({ '_dd.top_level': 1, '_dd.rule_psr': 0.5, '_dd.limit_psr': 1 });
    expect(records[1]!.metrics).not.toHaveProperty('_dd.top_level');
    expect(records[1]!.metrics).not.toHaveProperty('_dd.rule_psr');
  });

  it('marks a local root with a remote parent top level too', () => {
    const [record] = mapChunk(
      [testSpan({ parentSpanIdHex: '1111111111111111', hasRemoteParent: true })],
      testContext(),
    );
    expect(record!.parentId).toBe('1111111111111111');
    expect(record!.metrics['_dd.top_level']).toBe(1);
  });

  it('writes trace tags on the first span of the chunk only', () => {
    const trace = testTrace({ tags: { '_dd.p.dm': '-3', '_dd.p.ksr': '0.5', '_dd.parent_id': '00f067aa0ba902b7', 'baggage.user.id': 'u1' } });
    const root = testSpan({ trace });
    const child = testChildSpan(root, '0102030405060708');
    const records = mapChunk([child, root], testContext());
    expect(records[0]!.meta).toMatchObject(trace.tags);
    for (const key of Object.keys(trace.tags)) expect(records[1]!.meta).not.toHaveProperty(key);
  });

  it('lets trace tags win over same-named span attributes on the first span', () => {
    const trace = testTrace({ tags: { '_dd.p.dm': '-4' } });
    const [record] = mapChunk([testSpan({ trace, attributes: { '_dd.p.dm': 9 } })], testContext());
    expect(record!.meta['_dd.p.dm']).toBe('-4');
    expect(record!.metrics).not.toHaveProperty('_dd.p.dm');
  });

  it('derives _dd.p.tid from a 128-bit trace id on the first span', () => {
    const root = testSpan({ trace: testTrace({ traceId: TEST_TRACE_ID_128 }) });
    const records = mapChunk([root, testChildSpan(root, '0102030405060708')], testContext());
    expect(records[0]!.meta['_dd.p.tid']).toBe('6553f1a200000000');
    expect(records[1]!.meta).not.toHaveProperty('_dd.p.tid');
  });

  it('never writes _dd.p.tid for a 64-bit trace id, even if a stale tag says otherwise', () => {
    const trace = testTrace({ tags: { '_dd.p.tid': 'ffffffff00000000' } });
    const [record] = mapChunk([testSpan({ trace })], testContext());
    expect(record!.meta).not.toHaveProperty('_dd.p.tid');
  });

  it('corrects a _dd.p.tid trace tag that disagrees with the trace id', () => {
    const trace = testTrace({ traceId: TEST_TRACE_ID_128, tags: { '_dd.p.tid': 'ffffffff00000000' } });
    const [record] = mapChunk([testSpan({ trace })], testContext());
    expect(record!.meta['_dd.p.tid']).toBe('6553f1a200000000');
  });

  it('maps an id drawn in this process from its words, as the same id received as text', () => {
    // The words trace carries a text that disagrees: only the words may be read.
    const drawn128 = testTrace({
      traceId: 'ffffffffffffffffffffffffffffffff',
      idHighHex: '6553f1a200000000',
      idLowHigh: 0xa1b2c3d4 | 0,
      idLow: 0xe5f60718 | 0,
    });
    const drawn64 = { ...drawn128, idHighHex: undefined };
    for (const [drawn, text] of [
      [drawn128, TEST_TRACE_ID_128],
      [drawn64, TEST_TRACE_ID_64],
    ] as const) {
      const [fromWords] = mapChunk([testSpan({ trace: drawn })], testContext());
      const [fromText] = mapChunk([testSpan({ trace: testTrace({ traceId: text }) })], testContext());
      expect(fromWords!.traceId).toBe(fromText!.traceId);
      expect(fromWords!.traceId).toBe('a1b2c3d4e5f60718');
      expect(fromWords!.meta['_dd.p.tid']).toBe(fromText!.meta['_dd.p.tid']);
    }
  });

  it('maps an empty chunk to an empty list', () => {
    expect(mapChunk([], testContext())).toEqual([]);
  });
});

describe('createChunkMapper', () => {
  it('maps like mapChunk and reads nativeSpanEvents on every call', () => {
    const context = { ...testContext(), nativeSpanEvents: false };
    const mapChunkOnce = createChunkMapper(context);
    const span = testSpan({ events: [{ name: 'e', timeMs: TEST_START_MS, attributes: undefined }] });
    expect(mapChunkOnce([span])).toEqual(mapChunk([span], context));
    expect(mapChunkOnce([span])[0]!.meta.events).toBeDefined();
    context.nativeSpanEvents = true;
    expect(mapChunkOnce([span])[0]!.spanEvents).toHaveLength(1);
  });

  it('rebuilds the cached per-config state when the hostname changes', () => {
    const config = testContext({}, { reportHostname: true }).config;
    const first = mapChunk([testSpan()], { ...testContext(), config, hostname: 'a' });
    const second = mapChunk([testSpan()], { ...testContext(), config, hostname: 'b' });
    expect(first[0]!.meta['_dd.hostname']).toBe('a');
    expect(second[0]!.meta['_dd.hostname']).toBe('b');
  });
});
