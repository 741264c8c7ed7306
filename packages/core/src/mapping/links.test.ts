import { describe, expect, it } from 'vitest';
import { TraceFlags, type Link, type TraceState } from '@opentelemetry/api';
import { markLinkFlags } from '../internal/link-without-flags.js';
import { copyLink } from '../span/links.js';
import { mapChunk } from './map-chunk.js';
import { spanLinksToJson } from './links.js';
import { testContext, testSpan } from './test-span.js';

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const SPAN_ID = '00f067aa0ba902b7';

function fakeTraceState(serialized: string): TraceState {
  return {
    set: () => fakeTraceState(serialized),
    unset: () => fakeTraceState(serialized),
    get: () => undefined,
    serialize: () => serialized,
  };
}

describe('span links → meta _dd.span_links', () => {
  it('serialises ids, flattened attributes, flags and tracestate in dd-trace-js key order', () => {
    const link: Link = {
      context: {
        traceId: TRACE_ID,
        spanId: SPAN_ID,
        traceFlags: TraceFlags.SAMPLED,
        traceState: fakeTraceState('dd=s:1,rojo=00f067aa0ba902b7'),
      },
      attributes: { reason: 'retry', attempt: 2, cached: false, ids: ['a', 'b'] },
    };
    const [record] = mapChunk([testSpan({ links: [link] })], testContext());
    expect(record!.meta['_dd.span_links']).toBe(
      `[{"trace_id":"${TRACE_ID}","span_id":"${SPAN_ID}",` +
        '"attributes":{"reason":"retry","attempt":"2","cached":"false","ids.0":"a","ids.1":"b"},' +
        '"flags":1,"tracestate":"dd=s:1,rojo=00f067aa0ba902b7"}]',
    );
  });

  it('writes flags 0 for an unsampled context and omits empty attributes and tracestate', () => {
    const json = spanLinksToJson([
      { context: { traceId: TRACE_ID, spanId: SPAN_ID, traceFlags: TraceFlags.NONE, traceState: fakeTraceState('') }, attributes: {} },
    ]);
    expect(JSON.parse(json!)).toEqual([{ trace_id: TRACE_ID, span_id: SPAN_ID, flags: 0 }]);
  });

  it('omits flags for a link made from incoming headers with no priority or a user reject, also once a span copied it', () => {
    const fromHeaders = (priority: number | undefined): Link =>
      copyLink({ context: markLinkFlags({ traceId: TRACE_ID, spanId: SPAN_ID, traceFlags: priority! > 0 ? 1 : 0 }, priority) })!;
    const links = [fromHeaders(undefined), fromHeaders(-1), fromHeaders(0), fromHeaders(2)];
    const flags = JSON.parse(spanLinksToJson(links)!).map((link: { flags?: number }) => link.flags);
    expect(flags).toEqual([undefined, undefined, 0, 1]);
  });

  it('lower-cases ids and keeps 64-bit trace ids zero-padded to 32 hex', () => {
    const json = spanLinksToJson([
      { context: { traceId: `0000000000000000${'A'.repeat(16)}`, spanId: 'B'.repeat(16), traceFlags: 1 } },
    ]);
    expect(JSON.parse(json!)[0]).toMatchObject({ trace_id: `0000000000000000${'a'.repeat(16)}`, span_id: 'b'.repeat(16) });
  });

  it('skips links with invalid contexts', () => {
    const links = [
      { context: { traceId: '0'.repeat(32), spanId: SPAN_ID, traceFlags: 1 } },
      { context: { traceId: TRACE_ID, spanId: 'xyz', traceFlags: 1 } },
      { context: undefined },
      null,
      { context: { traceId: 42, spanId: SPAN_ID, traceFlags: 1 } },
    ] as unknown as Link[];
    expect(spanLinksToJson(links)).toBeUndefined();
    const [record] = mapChunk([testSpan({ links })], testContext());
    expect(record!.meta).not.toHaveProperty('_dd.span_links');
  });

  it('keeps a span pointer (all-zero context marked link.kind=span-pointer)', () => {
    const json = spanLinksToJson([
      {
        context: { traceId: '0'.repeat(32), spanId: '0'.repeat(16), traceFlags: 0 },
        attributes: { 'ptr.kind': 'aws.s3.object', 'ptr.dir': 'd', 'ptr.hash': 'abc', 'link.kind': 'span-pointer' },
      },
    ]);
    expect(JSON.parse(json!)[0]).toMatchObject({ trace_id: '0'.repeat(32), span_id: '0'.repeat(16) });
  });

  it('survives a TraceState whose serialize() throws', () => {
    const traceState = { ...fakeTraceState(''), serialize: () => { throw new Error('bad'); } };
    const json = spanLinksToJson([{ context: { traceId: TRACE_ID, spanId: SPAN_ID, traceFlags: 1, traceState } }]);
    expect(JSON.parse(json!)[0]).not.toHaveProperty('tracestate');
  });

  it('never produces invalid JSON for oversized links: trailing links are left out', () => {
    const big = 'x'.repeat(15_000);
    const links: Link[] = [1, 2].map(() => ({ context: { traceId: TRACE_ID, spanId: SPAN_ID, traceFlags: 1 }, attributes: { big } }));
    const json = spanLinksToJson(links)!;
    expect(JSON.parse(json)).toHaveLength(1);
  });
});
