import { describe, expect, it } from 'vitest';
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { CompactSpanRecord } from '../encode/compact-span-record.js';
import type { FinishedSpanData } from '../span/span-data.js';
import { MAX_REUSED_RECORDS, createChunkMapper, mapChunk } from './map-chunk.js';
import { TEST_START_MS, testChildSpan, testContext, testSpan, testTrace } from './test-span.js';

describe('CompactSpanRecord.reset', () => {
  it('gives every field back the value of a new record', () => {
    const fresh = new CompactSpanRecord();
    const record = new CompactSpanRecord();
    // A different value of another kind in every field, so a field reset() forgets shows.
    for (const key of Object.keys(fresh)) (record as unknown as Record<string, unknown>)[key] = { stale: key };
    record.reset();
    expect({ ...record }).toEqual({ ...fresh });
  });
});

/** Spans that set, between them, every part of a record a later, plainer span must not inherit. */
function variedChunks(): FinishedSpanData[][] {
  const failed = testSpan({
    kind: SpanKind.SERVER,
    statusCode: SpanStatusCode.ERROR,
    error: { type: 'TypeError', message: 'boom', stack: 'TypeError: boom', flagged: true },
    attributes: { 'resource.name': 'GET /users/:id', 'http.status_code': '500', 'http.response.status_code': 500, 'span.type': 'web' },
    links: [{ context: { traceId: '0af7651916cd43dd8448eb211c80319c', spanId: 'b7ad6b7169203331', traceFlags: 1 } }],
    trace: testTrace({ origin: 'synthetics' }),
  });
  const failedChild = testChildSpan(failed, '0102030405060708', {
    events: [{ name: 'retry', timeMs: TEST_START_MS + 0.5, attributes: { attempt: 2 } }],
    attributes: { 'service.name': 'billing-db', 'db.system': 'postgresql' },
  });
  const plain = testSpan({ trace: testTrace({ samplingPriority: undefined }) });
  const plainChild = testChildSpan(plain, '1112131415161718');
  const client = testSpan({ kind: SpanKind.CLIENT, attributes: { 'peer.service': 'users', retries: 3, cached: true } });
  return [[failed, failedChild], [plain, plainChild], [client], [failedChild, failed], [plainChild]];
}

describe('createChunkMapper: records reused from chunk to chunk', () => {
  for (const [label, overrides] of [
    ['JSON events (v0.4 without native events)', { nativeSpanEvents: false }],
    ['native span events', { nativeSpanEvents: true }],
    ['v0.5', { protocolVersion: '0.5' as const }],
  ] as const) {
    it(`maps every chunk exactly as a fresh mapping does, whatever came before (${label})`, () => {
      const context = { ...testContext(), ...overrides };
      const mapReused = createChunkMapper(context);
      for (const chunk of variedChunks()) {
        const reused = mapReused(chunk);
        // Compared at once: the next call maps into the same records.
        expect(reused).toEqual(mapChunk(chunk, context));
        expect(reused.map((record) => record.meta)).toEqual(mapChunk(chunk, context).map((record) => record.meta));
        expect(reused.map((record) => record.metrics)).toEqual(mapChunk(chunk, context).map((record) => record.metrics));
      }
    });
  }

  it(`reuses the first ${MAX_REUSED_RECORDS} records of a chunk and no more`, () => {
    const context = testContext();
    const mapReused = createChunkMapper(context);
    const root = testSpan();
    const chunk = [root, ...Array.from({ length: MAX_REUSED_RECORDS + 1 }, (_, i) => testChildSpan(root, (i + 1).toString(16).padStart(16, '0')))];
    const first = mapReused(chunk);
    const second = mapReused(chunk);
    expect(second[0]).toBe(first[0]);
    expect(second[MAX_REUSED_RECORDS - 1]).toBe(first[MAX_REUSED_RECORDS - 1]);
    expect(second[MAX_REUSED_RECORDS]).not.toBe(first[MAX_REUSED_RECORDS]);
    expect(second[MAX_REUSED_RECORDS + 1]!.spanId).toBe(chunk[MAX_REUSED_RECORDS + 1]!.spanIdHex);
  });

  it('leaves mapChunk returning records of their own', () => {
    const chunk = [testSpan()];
    expect(mapChunk(chunk, testContext())[0]).not.toBe(mapChunk(chunk, testContext())[0]);
  });
});
