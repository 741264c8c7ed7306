import { describe, expect, it } from 'vitest';
import { idToHex } from './ids.js';
import { LocalTrace } from './local-trace.js';
import type { SpanPipeline } from './span-pipeline.js';

const pipeline: SpanPipeline = {
  onEnding: () => undefined,
  onEnd: () => undefined,
  applyManualSampling: () => false,
  decideSampling: () => undefined,
};

describe('LocalTrace ids', () => {
  it('draws a 128-bit id whose text, built on first read, matches its words', () => {
    const before = Math.floor(Date.now() / 1000);
    const trace = LocalTrace.withNewId(pipeline, true);
    const after = Math.floor(Date.now() / 1000);
    expect(trace.idLow).toBeTypeOf('number');
    expect(trace.traceId).toMatch(/^[0-9a-f]{8}0{8}[0-7][0-9a-f]{15}$/);
    expect(trace.traceId.slice(0, 16)).toBe(trace.idHighHex);
    expect(trace.traceId.slice(16)).toBe(idToHex(trace.idLowHigh, trace.idLow!));
    const seconds = Number.parseInt(trace.traceId.slice(0, 8), 16);
    expect(seconds).toBeGreaterThanOrEqual(before);
    expect(seconds).toBeLessThanOrEqual(after);
    expect(trace.traceId).toBe(trace.traceId);
  });

  it('takes the seconds of a 128-bit id from the clock reading it is given', () => {
    const trace = LocalTrace.withNewId(pipeline, true, 1_700_000_123_456);
    expect(trace.traceId.slice(0, 16)).toBe(`${(1_700_000_123).toString(16)}00000000`);
  });

  it('draws a 64-bit id without a high half, and a new id each time', () => {
    const trace = LocalTrace.withNewId(pipeline, false);
    expect(trace.idHighHex).toBeUndefined();
    expect(trace.traceId).toMatch(/^0{16}[0-7][0-9a-f]{15}$/);
    expect(LocalTrace.withNewId(pipeline, false).traceId).not.toBe(trace.traceId);
  });

  it('keeps a received id as its text, with no words', () => {
    const received = '6553f1a200000000a1b2c3d4e5f60718';
    const trace = new LocalTrace(received, pipeline, '00000000000004d2');
    expect(trace.traceId).toBe(received);
    expect(trace.idLow).toBeUndefined();
    expect(trace.idHighHex).toBeUndefined();
  });
});
