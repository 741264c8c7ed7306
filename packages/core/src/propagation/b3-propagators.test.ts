import { ROOT_CONTEXT } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import { createTrace } from '../sampling/trace-fixture.test-support.js';
import { B3MultiPropagator } from './b3-multi-propagator.js';
import { B3SinglePropagator } from './b3-single-propagator.js';
import { getExtractedSamplingPriority } from './extraction-results.js';
import { applyRemoteParent } from './remote-parent.js';
import type { StylePropagator } from './style-propagator.js';
import {
  contextWithOurSpan,
  decidedTrace,
  extract,
  extractSpanContext,
  inject,
  reinject,
} from './propagation-fixture.test-support.js';

const single = new B3SinglePropagator();
const multi = new B3MultiPropagator();
const ID_64 = '463ac35c9f6413ad';
const ID_128 = '80f198ee56343ba864fe8b2a57d3eff7';
const SPAN = 'e457b5a2e4d86bd1';

function priorityOf(propagator: StylePropagator, headers: Record<string, string>): number | undefined {
  const spanContext = extractSpanContext(propagator, headers);
  if (spanContext === undefined) throw new Error('no context');
  const trace = createTrace(spanContext.traceId);
  applyRemoteParent(trace, spanContext);
  return trace.samplingPriority;
}

describe('B3SinglePropagator', () => {
  it('reads 64- and 128-bit ids', () => {
    expect(extractSpanContext(single, { b3: `${ID_64}-${SPAN}-1` })).toMatchObject({
      traceId: '0000000000000000' + ID_64,
      spanId: SPAN,
      isRemote: true,
    });
    expect(extractSpanContext(single, { b3: `${ID_128.toUpperCase()}-${SPAN}-1-05e3ac9a4f6e3b90` })?.traceId).toBe(ID_128);
  });

  it.each([
    ['1', 1],
    ['0', 0],
    ['d', 2],
  ])('maps sampling state %s to priority %s', (state, priority) => {
    expect(priorityOf(single, { b3: `${ID_64}-${SPAN}-${state}` })).toBe(priority);
  });

  it('leaves the priority undecided without a sampling state', () => {
    expect(priorityOf(single, { b3: `${ID_64}-${SPAN}` })).toBeUndefined();
  });

  it.each([['1', 1], ['0', 0], ['d', 2]])('treats a lone %j as a sampling-only decision', (b3, priority) => {
    const context = extract(single, { b3 });
    expect(getExtractedSamplingPriority(context)).toBe(priority);
    expect(extractSpanContext(single, { b3 })).toBeUndefined();
  });

  it.each([`${ID_64}-${SPAN}-x`, `${ID_64}`, `${'0'.repeat(16)}-${SPAN}-1`, `${ID_64}-${'0'.repeat(16)}-1`, `x${ID_64}-${SPAN}`, '2'])(
    'ignores %j',
    (b3) => {
      expect(extract(single, { b3 })).toBe(ROOT_CONTEXT);
    },
  );

  it('injects d for USER_KEEP, 32 hex for 128-bit ids, and the parent span id', () => {
    const trace = decidedTrace(ID_128, 2);
    expect(inject(single, contextWithOurSpan(trace, SPAN, { parentSpanIdHex: '05e3ac9a4f6e3b90' }))).toEqual({
      b3: `${ID_128}-${SPAN}-d-05e3ac9a4f6e3b90`,
    });
    const dropped = decidedTrace('0000000000000000' + ID_64, 0);
    expect(inject(single, contextWithOurSpan(dropped, SPAN))).toEqual({ b3: `${ID_64}-${SPAN}-0` });
  });

  it('round-trips through a pass-through service', () => {
    for (const b3 of [`${ID_64}-${SPAN}-1`, `${ID_128}-${SPAN}-d`, `${ID_64}-${SPAN}-0`]) {
      expect(reinject(single, { b3 })).toEqual({ b3 });
    }
  });
});

describe('B3MultiPropagator', () => {
  const ids = { 'x-b3-traceid': ID_64, 'x-b3-spanid': SPAN };

  it.each([
    [{ 'x-b3-sampled': '1' }, 1],
    [{ 'x-b3-sampled': 'true' }, 1],
    [{ 'x-b3-sampled': '0' }, 0],
    [{ 'x-b3-flags': '1' }, 2],
    [{ 'x-b3-sampled': '0', 'x-b3-flags': '1' }, 2],
    [{}, undefined],
  ])('maps %j to priority %s', (sampling, priority) => {
    expect(priorityOf(multi, { ...ids, ...sampling })).toBe(priority);
  });

  it('reads 128-bit ids', () => {
    expect(extractSpanContext(multi, { 'x-b3-traceid': ID_128, 'x-b3-spanid': SPAN })?.traceId).toBe(ID_128);
  });

  it('treats sampling headers without valid ids as a sampling-only decision', () => {
    expect(getExtractedSamplingPriority(extract(multi, { 'x-b3-sampled': '1' }))).toBe(1);
    expect(getExtractedSamplingPriority(extract(multi, { 'x-b3-flags': '1', 'x-b3-traceid': 'bad' }))).toBe(2);
    expect(extract(multi, { 'x-b3-traceid': 'bad', 'x-b3-spanid': SPAN })).toBe(ROOT_CONTEXT);
  });

  it('injects sampled, flags for USER_KEEP, 16/32-hex trace ids and the parent span id', () => {
    const trace = decidedTrace(ID_128, 2);
    expect(inject(multi, contextWithOurSpan(trace, SPAN, { parentSpanIdHex: '05e3ac9a4f6e3b90' }))).toEqual({
      'x-b3-traceid': ID_128,
      'x-b3-spanid': SPAN,
      'x-b3-sampled': '1',
      'x-b3-flags': '1',
      'x-b3-parentspanid': '05e3ac9a4f6e3b90',
    });
    const kept = decidedTrace('0000000000000000' + ID_64, 1);
    expect(inject(multi, contextWithOurSpan(kept, SPAN))).toEqual({ ...ids, 'x-b3-sampled': '1' });
  });

  it('round-trips through a pass-through service', () => {
    for (const headers of [
      { ...ids, 'x-b3-sampled': '0' },
      { 'x-b3-traceid': ID_128, 'x-b3-spanid': SPAN, 'x-b3-sampled': '1', 'x-b3-flags': '1' },
    ]) {
      expect(reinject(multi, headers)).toEqual(headers);
    }
  });
});
