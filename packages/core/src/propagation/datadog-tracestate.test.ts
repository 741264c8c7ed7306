import { TraceState } from '@opentelemetry/core';
import { describe, expect, it } from 'vitest';
import { createTrace } from '../sampling/trace-fixture.test-support.js';
import { buildTraceState, readDatadogMember, withDatadogMember } from './datadog-tracestate.js';

function keptTrace() {
  const trace = createTrace('66b1f6ab00000000' + '1234567890abcdef');
  trace.samplingPriority = 2;
  trace.samplingMechanism = 4;
  trace.origin = 'synthetics';
  Object.assign(trace.tags, { '_dd.p.dm': '-4', '_dd.p.ksr': '0.25', '_dd.parent_id': '00000000000000aa' });
  return trace;
}

describe('buildTraceState', () => {
  it('puts an up-to-date dd member first and keeps other vendors in order', () => {
    const upstream = new TraceState('dd=s:1;p:0000000000000001,congo=t61rcWkgMzE,rojo=00f067aa0ba902b7');
    const state = buildTraceState(keptTrace(), 'fedcba9876543210', upstream);
    expect(state.serialize()).toBe(
      'dd=s:2;o:synthetics;p:fedcba9876543210;t.dm:-4;t.tid:66b1f6ab00000000;t.ksr:0.25,congo=t61rcWkgMzE,rojo=00f067aa0ba902b7',
    );
  });

  it('works without an upstream tracestate', () => {
    const trace = createTrace('0000000000000000' + '00000000000000ff');
    trace.samplingPriority = 0;
    expect(buildTraceState(trace, '0000000000000abc', undefined).serialize()).toBe('dd=s:0;p:0000000000000abc');
  });

  it('is readable back with readDatadogMember', () => {
    const member = readDatadogMember(buildTraceState(keptTrace(), 'fedcba9876543210', undefined));
    expect(member).toEqual({
      priority: 2,
      mechanism: 4,
      origin: 'synthetics',
      parentId: 'fedcba9876543210',
      tags: { '_dd.p.dm': '-4', '_dd.p.ksr': '0.25' },
    });
  });

  it('makes room for the dd member within 32 members and 512 characters', () => {
    const many = Array.from({ length: 32 }, (_, i) => `v${i}=x`).join(',');
    const tooMany = withDatadogMember(new TraceState(many), 's:1');
    const members = tooMany.serialize().split(',');
    expect(members).toHaveLength(32);
    expect(members[0]).toBe('dd=s:1');
    expect(members[31]).toBe('v30=x');

    const long = [`a=${'x'.repeat(250)}`, `b=${'y'.repeat(250)}`].join(','); // 505 chars: valid alone
    const trimmed = withDatadogMember(new TraceState(long), 's:1;o:abc').serialize();
    expect(trimmed.length).toBeLessThanOrEqual(512);
    expect(trimmed.startsWith('dd=s:1;o:abc,a=')).toBe(true);
    expect(trimmed.includes('b=')).toBe(false);
  });

  it('removes the dd member when the new value is empty', () => {
    expect(withDatadogMember(new TraceState('dd=s:1,x=y'), '').serialize()).toBe('x=y');
  });
});
