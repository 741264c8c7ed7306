import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EnvironmentSnapshot } from './env.js';
import type { DatadogOptions } from './options.js';
import { captureDiag, resolveIsolated } from './diag-capture.test-support.js';
import type { DiagCapture } from './diag-capture.test-support.js';

let capture: DiagCapture;
beforeEach(() => {
  capture = captureDiag();
});
afterEach(() => capture.restore());

const sampleRate = (env: EnvironmentSnapshot, options?: DatadogOptions) => resolveIsolated(env, options).sampleRate;
const rules = (env: EnvironmentSnapshot, options?: DatadogOptions) => resolveIsolated(env, options).samplingRules;

describe('sample rate', () => {
  it('is unset by default', () => {
    expect(sampleRate({})).toBeUndefined();
  });

  it('follows option > DD_TRACE_SAMPLE_RATE > OTel sampler', () => {
    const env = { DD_TRACE_SAMPLE_RATE: '0.25', OTEL_TRACES_SAMPLER: 'always_off' };
    expect(sampleRate(env, { sampleRate: 0.75 })).toBe(0.75);
    expect(sampleRate(env)).toBe(0.25);
    expect(sampleRate({ OTEL_TRACES_SAMPLER: 'always_off' })).toBe(0);
  });

  it.each(['1.5', '-0.1', 'half', ''])('ignores DD_TRACE_SAMPLE_RATE=%j with at most one warning', (raw) => {
    expect(sampleRate({ DD_TRACE_SAMPLE_RATE: raw })).toBeUndefined();
    expect(capture.warnings).toHaveLength(raw === '' ? 0 : 1);
    if (raw !== '') expect(capture.warnings[0]).toContain('DD_TRACE_SAMPLE_RATE');
  });

  it.each([
    ['always_on', undefined, 1],
    ['parentbased_always_on', undefined, 1],
    ['always_off', undefined, 0],
    ['parentbased_always_off', undefined, 0],
    ['traceidratio', '0.1', 0.1],
    ['parentbased_traceidratio', '0.3', 0.3],
    ['ParentBased_TraceIdRatio', undefined, 1],
  ])('maps OTEL_TRACES_SAMPLER=%s (arg %s) to %s', (sampler, arg, expected) => {
    const env: EnvironmentSnapshot =
      arg === undefined ? { OTEL_TRACES_SAMPLER: sampler } : { OTEL_TRACES_SAMPLER: sampler, OTEL_TRACES_SAMPLER_ARG: arg };
    expect(sampleRate(env)).toBe(expected);
    expect(capture.warnings).toEqual([]);
  });

  it('notes that a non-parent-based sampler is treated as parent-based', () => {
    sampleRate({ OTEL_TRACES_SAMPLER: 'traceidratio', OTEL_TRACES_SAMPLER_ARG: '0.5' });
    expect(capture.infos.join('\n')).toMatch(/traceidratio is treated as parentbased_traceidratio/);
  });

  it('applies the default OTel sampler only when OTEL_TRACES_EXPORTER=otlp', () => {
    expect(sampleRate({ OTEL_TRACES_EXPORTER: 'otlp' })).toBe(1);
    expect(sampleRate({ OTEL_TRACES_EXPORTER: 'console' })).toBeUndefined();
    expect(sampleRate({ OTEL_TRACES_SAMPLER_ARG: '0.5' })).toBeUndefined();
  });

  it('warns once about an unknown sampler and an invalid ratio', () => {
    expect(sampleRate({ OTEL_TRACES_SAMPLER: 'jaeger_remote' })).toBeUndefined();
    expect(sampleRate({ OTEL_TRACES_SAMPLER: 'traceidratio', OTEL_TRACES_SAMPLER_ARG: '2' })).toBeUndefined();
    expect(capture.warnings).toHaveLength(2);
    expect(capture.warnings[0]).toContain('OTEL_TRACES_SAMPLER="jaeger_remote"');
    expect(capture.warnings[1]).toContain('OTEL_TRACES_SAMPLER_ARG="2"');
  });
});

describe('DD_TRACE_SAMPLING_RULES', () => {
  it('parses snake_case rules into camelCase, keeping tag names as written', () => {
    const json = JSON.stringify([
      {
        service: 'shop',
        name: 'web.*',
        resource: 'GET /a',
        tags: { http_route: '/a/*' },
        sample_rate: 0.5,
        max_per_second: 10,
        provenance: 'customer',
      },
      { service: 'other' },
    ]);
    expect(rules({ DD_TRACE_SAMPLING_RULES: json })).toEqual([
      {
        service: 'shop',
        name: 'web.*',
        resource: 'GET /a',
        tags: { http_route: '/a/*' },
        sampleRate: 0.5,
        maxPerSecond: 10,
        provenance: 'customer',
      },
      { service: 'other', sampleRate: 1 },
    ]);
    expect(capture.warnings).toEqual([]);
  });

  it('ignores unknown rule keys, as dd-trace-js does', () => {
    const json = '[{"sample_rate":0.1,"target_span":"root"}]';
    expect(rules({ DD_TRACE_SAMPLING_RULES: json })).toEqual([{ sampleRate: 0.1 }]);
  });

  it('warns once and uses no rules for invalid JSON or a non-array', () => {
    expect(rules({ DD_TRACE_SAMPLING_RULES: '[{"sample_rate":' })).toEqual([]);
    expect(capture.warnings).toHaveLength(1);
    expect(capture.warnings[0]).toMatch(/DD_TRACE_SAMPLING_RULES=.*not valid JSON/);
    expect(rules({ DD_TRACE_SAMPLING_RULES: '{"sample_rate":1}' })).toEqual([]);
    expect(capture.warnings).toHaveLength(2);
    expect(capture.warnings[1]).toMatch(/expected a JSON array/);
  });

  it('drops only the invalid rules, with one warning each naming the index', () => {
    const json = JSON.stringify([
      { service: 'a', sample_rate: 'half' },
      { service: 'b', sample_rate: 0.2 },
      { service: 'c', sample_rate: 2 },
      { service: 'd', tags: ['x'] },
      'not a rule',
    ]);
    expect(rules({ DD_TRACE_SAMPLING_RULES: json })).toEqual([{ service: 'b', sampleRate: 0.2 }]);
    expect(capture.warnings).toHaveLength(4);
    expect(capture.warnings[0]).toMatch(/DD_TRACE_SAMPLING_RULES\[0\].*sampleRate/);
    expect(capture.warnings[1]).toMatch(/DD_TRACE_SAMPLING_RULES\[2\]/);
    expect(capture.warnings[2]).toMatch(/DD_TRACE_SAMPLING_RULES\[3\].*tags/);
    expect(capture.warnings[3]).toMatch(/DD_TRACE_SAMPLING_RULES\[4\].*must be an object/);
  });

  it('prefers the option over the variable and copies the rules', () => {
    const option = [{ service: 'opt', sampleRate: 0.3, tags: { a: 'b' } }];
    const resolved = rules({ DD_TRACE_SAMPLING_RULES: '[{"sample_rate":1}]' }, { samplingRules: option });
    expect(resolved).toEqual(option);
    option[0]!.sampleRate = 1;
    expect(resolved[0]!.sampleRate).toBe(0.3);
    expect(Object.isFrozen(resolved[0])).toBe(true);
    expect(Object.isFrozen(resolved[0]!.tags)).toBe(true);
  });

  it('is empty by default', () => {
    expect(rules({})).toEqual([]);
  });
});

describe('rate limit', () => {
  it('follows option > DD_TRACE_RATE_LIMIT > 100, allowing negative (unlimited) and zero', () => {
    expect(resolveIsolated({}).rateLimit).toBe(100);
    expect(resolveIsolated({ DD_TRACE_RATE_LIMIT: '-1' }).rateLimit).toBe(-1);
    expect(resolveIsolated({ DD_TRACE_RATE_LIMIT: '0' }).rateLimit).toBe(0);
    expect(resolveIsolated({ DD_TRACE_RATE_LIMIT: '50' }, { rateLimit: 5 }).rateLimit).toBe(5);
  });

  it('warns once about a non-number and uses 100', () => {
    expect(resolveIsolated({ DD_TRACE_RATE_LIMIT: 'lots' }).rateLimit).toBe(100);
    expect(capture.warnings).toHaveLength(1);
    expect(capture.warnings[0]).toContain('DD_TRACE_RATE_LIMIT');
  });
});
