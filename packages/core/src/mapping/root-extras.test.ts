import { describe, expect, it } from 'vitest';
import { SpanKind } from '@opentelemetry/api';
import type { LocalTraceData } from '../span/span-data.js';
import { createChunkMapper } from './map-chunk.js';
import { RootExtras } from './root-extras.js';
import { testContext, testSpan, testTrace } from './test-span.js';

/** A trace this process drew: words set, the text deliberately different (never read). */
function drawn(tags: Record<string, string>, rootMetrics: Record<string, number>, highHex = '6553f1a200000000'): LocalTraceData {
  return testTrace({ traceId: 'ffffffffffffffffffffffffffffffff', idHighHex: highHex, idLowHigh: 7, idLow: 9, tags, rootMetrics });
}

/** Meta and metrics of a request-like root span of `trace`, mapped by `mapper`. */
function extrasOf(mapper: ReturnType<typeof createChunkMapper>, trace: LocalTraceData) {
  const span = testSpan({ trace, kind: SpanKind.SERVER, attributes: { 'http.method': 'GET', 'server.port': 8080 } });
  const [record] = mapper([span]);
  return { meta: { ...record!.meta }, metrics: { ...record!.metrics } };
}

describe('RootExtras', () => {
  const sequence = [
    drawn({ '_dd.p.dm': '-0' }, { '_dd.agent_psr': 1 }),
    drawn({ '_dd.p.dm': '-0' }, { '_dd.agent_psr': 1 }),
    drawn({ '_dd.p.dm': '-4' }, { '_dd.agent_psr': 1 }),
    drawn({ '_dd.p.dm': '-4' }, { '_dd.agent_psr': 0.5 }),
    drawn({ '_dd.p.dm': '-4', '_dd.p.ksr': '0.5' }, { '_dd.agent_psr': 0.5 }),
    drawn({ '_dd.p.dm': '-4', '_dd.p.ksr': '0.5' }, { '_dd.agent_psr': 0.5 }, '6553f1a300000000'),
    drawn({ '_dd.p.dm': '-4' }, {}, undefined),
    testTrace({ tags: { '_dd.p.dm': '-0' }, rootMetrics: { '_dd.agent_psr': 1 } }),
  ];

  it('maps a run of request traces exactly as a fresh mapper maps each one', () => {
    const shared = createChunkMapper(testContext());
    for (const trace of sequence) {
      const fresh = createChunkMapper(testContext());
      expect(extrasOf(shared, trace), JSON.stringify(trace.tags)).toEqual(extrasOf(fresh, trace));
    }
  });

  it('hands out the same objects while the trace entries are the same, new ones when they change', () => {
    const extras = new RootExtras();
    expect(extras.build(sequence[0]!, undefined)).toBe(true);
    const { meta, metrics } = extras;
    expect(meta).toEqual({ '_dd.p.dm': '-0', '_dd.p.tid': '6553f1a200000000' });
    expect(metrics).toEqual({ '_dd.top_level': 1, '_dd.agent_psr': 1 });
    extras.build(sequence[1]!, undefined);
    expect(extras.meta).toBe(meta);
    expect(extras.metrics).toBe(metrics);
    for (const changed of sequence.slice(2)) {
      const before = extras.meta;
      extras.build(changed, undefined);
      expect(extras.meta).not.toBe(before);
    }
    // A received id (no words) is never reused, even with the same entries.
    const received = testTrace({ tags: { '_dd.p.dm': '-0' }, rootMetrics: { '_dd.agent_psr': 1 } });
    extras.build(received, undefined);
    const fromReceived = extras.meta;
    extras.build(received, undefined);
    expect(extras.meta).not.toBe(fromReceived);
    expect(meta).toEqual({ '_dd.p.dm': '-0', '_dd.p.tid': '6553f1a200000000' });
  });

  it('refuses a trace whose tag is a reserved key', () => {
    const extras = new RootExtras();
    expect(extras.build(drawn({ '_dd.p.dm': '-0', env: 'x' }, {}), new Set(['env']))).toBe(false);
  });
});
