import { TraceState as OtelTraceState } from '@opentelemetry/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { W3CTraceState } from './trace-state.js';
import { parseTraceparent } from './traceparent.js';

describe('W3CTraceState', () => {
  it('parses, reads, sets (moving to the front) and unsets members', () => {
    const state = W3CTraceState.parse('rojo=00f067aa0ba902b7, congo=t61rcWkgMzE,bad key=1,dd=s:1');
    expect(state.serialize()).toBe('rojo=00f067aa0ba902b7,congo=t61rcWkgMzE,dd=s:1');
    expect(state.get('congo')).toBe('t61rcWkgMzE');
    expect(state.set('dd', 's:2;o:rum').serialize()).toBe('dd=s:2;o:rum,rojo=00f067aa0ba902b7,congo=t61rcWkgMzE');
    expect(state.unset('rojo').serialize()).toBe('congo=t61rcWkgMzE,dd=s:1');
    expect(state.set('Invalid Key', 'x')).toBe(state);
    expect(state.set('ok', 'bad,value')).toBe(state);
  });

  it('keeps at most 32 members and 512 characters', () => {
    const many = Array.from({ length: 40 }, (_, i) => `k${i}=v${i}`).join(',');
    expect(W3CTraceState.parse(many).serialize().split(',')).toHaveLength(32);
    const long = Array.from({ length: 10 }, (_, i) => `k${i}=${'x'.repeat(100)}`).join(',');
    expect(W3CTraceState.parse(long).serialize().length).toBeLessThanOrEqual(512);
  });

  it('reads the same members as @opentelemetry/core for any header', () => {
    const member = fc.tuple(fc.stringMatching(/^[a-z][a-z0-9_\-*/]{0,8}$/), fc.stringMatching(/^[!-+\--<>-~]{1,12}$/));
    fc.assert(
      // Duplicate keys are excluded: the spec leaves them undefined and the libraries differ.
      fc.property(fc.uniqueArray(member, { maxLength: 10, selector: ([key]) => key }), (members) => {
        const header = members.map(([key, value]) => `${key}=${value}`).join(',');
        const ours = W3CTraceState.parse(header);
        const theirs = new OtelTraceState(header);
        for (const [key] of members) expect(ours.get(key)).toBe(theirs.get(key));
      }),
    );
  });
});

describe('parseTraceparent', () => {
  it('accepts a valid header and reads the sampled flag', () => {
    expect(parseTraceparent('00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01')).toEqual({
      version: '00',
      traceId: '0af7651916cd43dd8448eb211c80319c',
      spanId: 'b7ad6b7169203331',
      sampled: true,
    });
    expect(parseTraceparent('01-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-00-future')?.sampled).toBe(false);
  });

  it.each([
    ['version ff', 'ff-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01'],
    ['zero trace id', '00-00000000000000000000000000000000-b7ad6b7169203331-01'],
    ['zero span id', '00-0af7651916cd43dd8448eb211c80319c-0000000000000000-01'],
    ['trailing data on version 00', '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01-x'],
    ['short trace id', '00-0af7651916cd43dd8448eb211c8031-b7ad6b7169203331-01'],
    ['not a string', undefined],
  ])('rejects %s', (_, header) => {
    expect(parseTraceparent(header)).toBeUndefined();
  });
});
