import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EnvironmentSnapshot } from './env.js';
import type { DatadogOptions } from './options.js';
import { normalizePropagationStyles, parsePropagationStyleList } from './propagation-styles.js';
import { captureDiag, resolveIsolated } from './diag-capture.test-support.js';
import type { DiagCapture } from './diag-capture.test-support.js';

let capture: DiagCapture;
beforeEach(() => {
  capture = captureDiag();
});
afterEach(() => capture.restore());

function styles(env: EnvironmentSnapshot, options?: DatadogOptions) {
  const config = resolveIsolated(env, options);
  return { inject: config.propagationInject, extract: config.propagationExtract };
}

const DEFAULT = ['datadog', 'tracecontext', 'baggage'];

describe('parsePropagationStyleList', () => {
  it('accepts every documented style, case-insensitively', () => {
    expect(parsePropagationStyleList('Datadog, tracecontext,B3,b3multi,baggage')).toEqual({
      ok: true,
      value: ['datadog', 'tracecontext', 'b3', 'b3multi', 'baggage'],
    });
  });

  it("maps 'b3 single header' to b3 and removes duplicates", () => {
    expect(parsePropagationStyleList('b3 single header,b3,datadog,datadog')).toEqual({
      ok: true,
      value: ['b3', 'datadog'],
    });
  });

  it("turns 'none' into an empty list", () => {
    expect(parsePropagationStyleList('none')).toEqual({ ok: true, value: [] });
  });

  it('rejects the whole list for one unknown entry', () => {
    expect(parsePropagationStyleList('datadog,jaeger').ok).toBe(false);
    expect(parsePropagationStyleList(' , ').ok).toBe(false);
  });

  it('rejects non-string names from options', () => {
    expect(normalizePropagationStyles(['datadog', 1]).ok).toBe(false);
  });
});

describe('propagation style resolution', () => {
  it('defaults to datadog,tracecontext,baggage both ways', () => {
    expect(styles({})).toEqual({ inject: DEFAULT, extract: DEFAULT });
  });

  it('prefers _INJECT/_EXTRACT over DD_TRACE_PROPAGATION_STYLE over OTEL_PROPAGATORS', () => {
    const env = {
      DD_TRACE_PROPAGATION_STYLE_INJECT: 'b3multi',
      DD_TRACE_PROPAGATION_STYLE: 'datadog',
      OTEL_PROPAGATORS: 'tracecontext',
    };
    expect(styles(env)).toEqual({ inject: ['b3multi'], extract: ['datadog'] });
    expect(styles({ OTEL_PROPAGATORS: 'tracecontext,baggage' })).toEqual({
      inject: ['tracecontext', 'baggage'],
      extract: ['tracecontext', 'baggage'],
    });
    expect(styles({ DD_TRACE_PROPAGATION_STYLE_EXTRACT: 'b3', OTEL_PROPAGATORS: 'baggage' })).toEqual({
      inject: ['baggage'],
      extract: ['b3'],
    });
  });

  it('lets an array option win for both directions', () => {
    expect(styles({ DD_TRACE_PROPAGATION_STYLE_INJECT: 'b3' }, { propagationStyle: ['tracecontext'] })).toEqual({
      inject: ['tracecontext'],
      extract: ['tracecontext'],
    });
  });

  it('lets a per-direction option win for its direction only', () => {
    const env = { DD_TRACE_PROPAGATION_STYLE: 'b3multi' };
    expect(styles(env, { propagationStyle: { inject: ['datadog'] } })).toEqual({
      inject: ['datadog'],
      extract: ['b3multi'],
    });
  });

  it('warns once about an invalid variable and uses the default', () => {
    expect(styles({ DD_TRACE_PROPAGATION_STYLE: 'datadog,xray' })).toEqual({ inject: DEFAULT, extract: DEFAULT });
    expect(capture.warnings).toHaveLength(1);
    expect(capture.warnings[0]).toMatch(/DD_TRACE_PROPAGATION_STYLE="datadog,xray"/);
    expect(capture.warnings[0]).toMatch(/unknown style "xray"/);
  });

  it('falls through an invalid variable to the next source', () => {
    expect(styles({ DD_TRACE_PROPAGATION_STYLE_INJECT: 'bogus', DD_TRACE_PROPAGATION_STYLE: 'b3' })).toEqual({
      inject: ['b3'],
      extract: ['b3'],
    });
    expect(capture.warnings).toHaveLength(1);
    expect(capture.warnings[0]).toContain('DD_TRACE_PROPAGATION_STYLE_INJECT');
  });

  it('disables propagation with none', () => {
    expect(styles({ OTEL_PROPAGATORS: 'none' })).toEqual({ inject: [], extract: [] });
  });
});

describe('DD_TRACE_PROPAGATION_EXTRACT_FIRST', () => {
  it('follows option > variable > false', () => {
    expect(resolveIsolated({}).propagationExtractFirst).toBe(false);
    expect(resolveIsolated({ DD_TRACE_PROPAGATION_EXTRACT_FIRST: 'TRUE' }).propagationExtractFirst).toBe(true);
    expect(
      resolveIsolated({ DD_TRACE_PROPAGATION_EXTRACT_FIRST: 'true' }, { propagationExtractFirst: false })
        .propagationExtractFirst,
    ).toBe(false);
  });
});
