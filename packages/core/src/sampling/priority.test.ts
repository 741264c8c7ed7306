import { describe, expect, it } from 'vitest';
import { AUTO_KEEP, AUTO_REJECT, setSamplingDecision } from './priority.js';
import { createTrace } from './trace-fixture.test-support.js';

describe('setSamplingDecision', () => {
  it('writes _dd.p.dm as -<mechanism> for a kept trace, whatever the mechanism', () => {
    for (let mechanism = 0; mechanism <= 40; mechanism++) {
      const trace = createTrace('0000000000000000000000000000000a');
      setSamplingDecision(trace, AUTO_KEEP, mechanism);
      expect(trace.tags['_dd.p.dm'], `mechanism ${mechanism}`).toBe(`-${mechanism}`);
      expect(trace.samplingMechanism).toBe(mechanism);
    }
  });

  it('keeps an upstream decision maker unless told to replace it, and drops it for a dropped trace', () => {
    const trace = createTrace('0000000000000000000000000000000a');
    trace.tags['_dd.p.dm'] = '-3';
    setSamplingDecision(trace, AUTO_KEEP, 1);
    expect(trace.tags['_dd.p.dm']).toBe('-3');
    setSamplingDecision(trace, AUTO_KEEP, 4, true);
    expect(trace.tags['_dd.p.dm']).toBe('-4');
    setSamplingDecision(trace, AUTO_REJECT, 1);
    expect('_dd.p.dm' in trace.tags).toBe(false);
  });
});
