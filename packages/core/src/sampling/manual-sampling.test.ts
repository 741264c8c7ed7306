import { describe, expect, it } from 'vitest';
import { applyManualSampling, manualPriorityFromAttributes } from './manual-sampling.js';
import { USER_KEEP, USER_REJECT } from './priority.js';
import { createTrace } from './trace-fixture.test-support.js';

function decidedTrace() {
  const trace = createTrace('0000000000000000000000000000000a');
  trace.samplingPriority = 1;
  trace.samplingMechanism = 0;
  trace.tags['_dd.p.dm'] = '-0';
  return trace;
}

describe('applyManualSampling', () => {
  it('manual.keep overrides a decision: USER_KEEP, mechanism 4, _dd.p.dm=-4', () => {
    const trace = decidedTrace();
    expect(applyManualSampling(trace, 'manual.keep', true)).toBe(true);
    expect([trace.samplingPriority, trace.samplingMechanism, trace.tags['_dd.p.dm']]).toEqual([2, 4, '-4']);
  });

  it('manual.drop rejects and clears _dd.p.dm', () => {
    const trace = decidedTrace();
    expect(applyManualSampling(trace, 'manual.drop', true)).toBe(true);
    expect([trace.samplingPriority, trace.samplingMechanism]).toEqual([-1, 4]);
    expect('_dd.p.dm' in trace.tags).toBe(false);
  });

  it('sampling.priority 2 keeps, -1 rejects; keep after drop restores _dd.p.dm', () => {
    const trace = decidedTrace();
    applyManualSampling(trace, 'sampling.priority', -1);
    expect(trace.samplingPriority).toBe(-1);
    applyManualSampling(trace, 'sampling.priority', 2);
    expect([trace.samplingPriority, trace.tags['_dd.p.dm']]).toEqual([2, '-4']);
  });

  it('works on an undecided trace', () => {
    const trace = createTrace('0000000000000000000000000000000a');
    applyManualSampling(trace, 'manual.keep', 'yes');
    expect(trace.samplingPriority).toBe(2);
  });

  it('returns true for sampling keys that ask nothing, and changes nothing', () => {
    const trace = decidedTrace();
    expect(applyManualSampling(trace, 'manual.keep', false)).toBe(true);
    expect(applyManualSampling(trace, 'sampling.priority', 'abc')).toBe(true);
    expect(applyManualSampling(trace, 'sampling.priority', 5)).toBe(true);
    expect([trace.samplingPriority, trace.tags['_dd.p.dm']]).toEqual([1, '-0']);
  });

  it('returns false for other keys', () => {
    const trace = decidedTrace();
    expect(applyManualSampling(trace, 'http.method', 'GET')).toBe(false);
    expect(trace.samplingPriority).toBe(1);
  });
});

describe('manualPriorityFromAttributes', () => {
  it.each([
    [{}, undefined],
    [{ 'http.method': 'GET' }, undefined],
    [{ 'manual.keep': true }, USER_KEEP],
    [{ 'manual.keep': '' }, USER_KEEP],
    [{ 'manual.drop': true }, USER_REJECT],
    [{ 'manual.drop': true, 'manual.keep': true }, USER_KEEP],
    [{ 'manual.keep': false, 'manual.drop': true }, USER_REJECT],
    [{ 'manual.keep': false, 'manual.drop': false, 'sampling.priority': '2' }, USER_KEEP],
    [{ 'sampling.priority': 0 }, USER_REJECT],
    [{ 'sampling.priority': 7 }, undefined],
  ])('reads %j as %s', (attributes, expected) => {
    expect(manualPriorityFromAttributes(attributes)).toBe(expected);
  });

  it('ignores keys the attributes only inherit', () => {
    const inherited = Object.create({ 'manual.keep': true, 'sampling.priority': 2 }) as Record<string, unknown>;
    inherited['other'] = 1;
    expect(manualPriorityFromAttributes(inherited as never)).toBeUndefined();
    inherited['manual.drop'] = true;
    expect(manualPriorityFromAttributes(inherited as never)).toBe(USER_REJECT);
  });
});
