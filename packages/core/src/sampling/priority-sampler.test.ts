import { describe, expect, it } from 'vitest';
import type { SamplingRule } from '../config/options.js';
import { PrioritySampler } from './priority-sampler.js';
import type { SamplingRoot } from './priority-sampler.js';
import { createTrace, traceIdFromLow64 } from './trace-fixture.test-support.js';

const KEPT_AT_HALF = traceIdFromLow64('9223372036854775807');
const DROPPED_AT_HALF = traceIdFromLow64('12078589664685934330');

function sampler(overrides: Partial<{ sampleRate: number; samplingRules: SamplingRule[]; rateLimit: number; env: string }> = {}) {
  let now = 0;
  const clock = { now: () => now, advance: (ms: number) => void (now += ms) };
  const instance = new PrioritySampler(
    {
      sampleRate: overrides.sampleRate,
      samplingRules: overrides.samplingRules ?? [],
      rateLimit: overrides.rateLimit ?? 100,
      env: overrides.env,
    },
    clock.now,
  );
  return { sampler: instance, clock };
}

function root(overrides: Partial<SamplingRoot> = {}): SamplingRoot {
  return { name: 'web.request', attributes: {}, service: 'shop', ...overrides };
}

describe('PrioritySampler: default and agent rates', () => {
  it('keeps with mechanism 0 (default) before the Agent answered, without _dd.p.ksr', () => {
    const { sampler: s } = sampler();
    const trace = createTrace(DROPPED_AT_HALF);
    s.decide(trace, root());
    expect(trace.samplingPriority).toBe(1);
    expect(trace.samplingMechanism).toBe(0);
    expect(trace.tags).toEqual({ '_dd.p.dm': '-0' });
    expect(trace.rootMetrics).toEqual({ '_dd.agent_psr': 1 });
  });

  it('uses the service+env key of the Agent rates, mechanism 1 and _dd.p.ksr', () => {
    const { sampler: s } = sampler({ env: 'prod' });
    s.updateAgentRates({ 'service:,env:': 1, 'service:shop,env:prod': 0.5 });
    const kept = createTrace(KEPT_AT_HALF);
    const dropped = createTrace(DROPPED_AT_HALF);
    s.decide(kept, root());
    s.decide(dropped, root());
    expect([kept.samplingPriority, kept.samplingMechanism, kept.tags]).toEqual([
      1,
      1,
      { '_dd.p.dm': '-1', '_dd.p.ksr': '0.5' },
    ]);
    expect(kept.rootMetrics).toEqual({ '_dd.agent_psr': 0.5 });
    expect([dropped.samplingPriority, dropped.samplingMechanism]).toEqual([0, 1]);
    expect(dropped.tags).toEqual({ '_dd.p.ksr': '0.5' });
  });

  it('falls back to the Agent default key, and the env is part of the key', () => {
    const { sampler: s } = sampler({ env: 'staging' });
    s.updateAgentRates({ 'service:,env:': 0, 'service:shop,env:prod': 1 });
    const trace = createTrace(KEPT_AT_HALF);
    s.decide(trace, root());
    expect([trace.samplingPriority, trace.samplingMechanism]).toEqual([0, 1]);
    expect(trace.rootMetrics['_dd.agent_psr']).toBe(0);
  });

  it('uses an empty env in the key when no env is configured', () => {
    const { sampler: s } = sampler();
    s.updateAgentRates({ 'service:shop,env:': 0 });
    const trace = createTrace(KEPT_AT_HALF);
    s.decide(trace, root());
    expect(trace.samplingPriority).toBe(0);
  });

  it('replaces the whole table at each update and ignores invalid rates', () => {
    const { sampler: s } = sampler();
    s.updateAgentRates({ 'service:shop,env:': 0 });
    s.updateAgentRates({ 'service:other,env:': 0, 'service:shop,env:': 7 } as Record<string, number>);
    const trace = createTrace(KEPT_AT_HALF);
    s.decide(trace, root());
    expect([trace.samplingPriority, trace.samplingMechanism]).toEqual([1, 0]);
  });

  it('keeps an upstream _dd.p.dm', () => {
    const { sampler: s } = sampler();
    const trace = createTrace(KEPT_AT_HALF);
    trace.tags['_dd.p.dm'] = '-3';
    s.decide(trace, root());
    expect(trace.tags['_dd.p.dm']).toBe('-3');
  });
});

describe('PrioritySampler: rules', () => {
  it('applies the global sample rate as a catch-all rule (USER_KEEP/USER_REJECT, mechanism 3)', () => {
    const { sampler: s } = sampler({ sampleRate: 0.5 });
    const kept = createTrace(KEPT_AT_HALF);
    const dropped = createTrace(DROPPED_AT_HALF);
    s.decide(kept, root());
    s.decide(dropped, root());
    expect([kept.samplingPriority, kept.samplingMechanism, kept.tags]).toEqual([
      2,
      3,
      { '_dd.p.ksr': '0.5', '_dd.p.dm': '-3' },
    ]);
    expect(kept.rootMetrics).toEqual({ '_dd.rule_psr': 0.5, '_dd.limit_psr': 1 });
    expect([dropped.samplingPriority, dropped.samplingMechanism]).toEqual([-1, 3]);
    expect(dropped.tags).toEqual({ '_dd.p.ksr': '0.5' });
    // The limiter only sees traces the rule kept.
    expect(dropped.rootMetrics).toEqual({ '_dd.rule_psr': 0.5 });
  });

  it('uses the first matching rule, with service/name/resource globs and tags', () => {
    const rules: SamplingRule[] = [
      { service: 'other', sampleRate: 1 },
      { service: 'sh?p', name: 'WEB.*', resource: 'GET /health*', sampleRate: 0 },
      { tags: { 'http.status_code': '5*', tier: 'gold' }, sampleRate: 1 },
      { service: 'shop', sampleRate: 0.5 },
    ];
    const { sampler: s } = sampler({ samplingRules: rules });
    const health = createTrace(KEPT_AT_HALF);
    s.decide(health, root({ resource: 'GET /healthz' }));
    expect([health.samplingPriority, health.rootMetrics['_dd.rule_psr']]).toEqual([-1, 0]);

    const healthByAttribute = createTrace(KEPT_AT_HALF);
    s.decide(healthByAttribute, root({ attributes: { 'resource.name': 'get /health' } }));
    expect(healthByAttribute.samplingPriority).toBe(-1);

    const gold = createTrace(DROPPED_AT_HALF);
    s.decide(gold, root({ attributes: { 'http.status_code': 503, tier: 'GOLD' } }));
    expect([gold.samplingPriority, gold.rootMetrics['_dd.rule_psr']]).toEqual([2, 1]);

    const floatStatus = createTrace(DROPPED_AT_HALF);
    s.decide(floatStatus, root({ attributes: { 'http.status_code': 503.5, tier: 'gold' } }));
    expect([floatStatus.samplingPriority, floatStatus.rootMetrics['_dd.rule_psr']]).toEqual([-1, 0.5]);
  });

  it('falls through to the Agent rates when no rule matches', () => {
    const { sampler: s } = sampler({ samplingRules: [{ service: 'other', sampleRate: 0 }] });
    const trace = createTrace(KEPT_AT_HALF);
    s.decide(trace, root());
    expect([trace.samplingPriority, trace.samplingMechanism]).toEqual([1, 0]);
  });

  it('maps provenance to mechanisms 11 (customer) and 12 (dynamic)', () => {
    for (const [provenance, mechanism] of [
      ['customer', 11],
      ['dynamic', 12],
      ['local', 3],
    ] as const) {
      const { sampler: s } = sampler({ samplingRules: [{ sampleRate: 1, provenance }] });
      const trace = createTrace(KEPT_AT_HALF);
      s.decide(trace, root());
      expect([trace.samplingMechanism, trace.tags['_dd.p.dm']]).toEqual([mechanism, `-${mechanism}`]);
    }
  });

  it('rate-limits rule keeps globally and reports _dd.limit_psr', () => {
    const { sampler: s } = sampler({ sampleRate: 1, rateLimit: 2 });
    const traces = Array.from({ length: 4 }, () => createTrace(KEPT_AT_HALF));
    for (const trace of traces) s.decide(trace, root());
    expect(traces.map((t) => t.samplingPriority)).toEqual([2, 2, -1, -1]);
    expect(traces.map((t) => t.rootMetrics['_dd.limit_psr'])).toEqual([1, 1, 2 / 3, 0.5]);
    expect(traces[3]!.tags['_dd.p.dm']).toBeUndefined();
  });

  it("applies a rule's own max_per_second", () => {
    const { sampler: s, clock } = sampler({ samplingRules: [{ sampleRate: 1, maxPerSecond: 1 }] });
    const first = createTrace(KEPT_AT_HALF);
    const second = createTrace(KEPT_AT_HALF);
    s.decide(first, root());
    s.decide(second, root());
    expect([first.samplingPriority, second.samplingPriority]).toEqual([2, -1]);
    clock.advance(1000);
    const third = createTrace(KEPT_AT_HALF);
    s.decide(third, root());
    expect(third.samplingPriority).toBe(2);
  });
});

describe('PrioritySampler: manual attributes on the root', () => {
  it.each([
    [{ 'manual.keep': true }, 2],
    [{ 'manual.keep': '' }, 2],
    [{ 'manual.drop': true }, -1],
    [{ 'sampling.priority': 1 }, 2],
    [{ 'sampling.priority': 2.9 }, 2],
    [{ 'sampling.priority': 0 }, -1],
    [{ 'sampling.priority': '-1' }, -1],
    [{ 'manual.keep': true, 'manual.drop': true }, 2],
    [{ 'manual.keep': false, 'manual.drop': true }, -1],
  ])('%j → %s with mechanism 4, before any rule', (attributes, priority) => {
    const { sampler: s } = sampler({ sampleRate: 0 });
    const trace = createTrace(KEPT_AT_HALF);
    s.decide(trace, root({ attributes }));
    expect([trace.samplingPriority, trace.samplingMechanism]).toEqual([priority, 4]);
    expect(trace.tags['_dd.p.dm']).toBe(priority > 0 ? '-4' : undefined);
    expect(trace.rootMetrics).toEqual({});
  });

  it('ignores sampling.priority values outside -1..2', () => {
    const { sampler: s } = sampler({ sampleRate: 0 });
    const trace = createTrace(KEPT_AT_HALF);
    s.decide(trace, root({ attributes: { 'sampling.priority': 7 } }));
    expect([trace.samplingPriority, trace.samplingMechanism]).toEqual([-1, 3]);
  });
});
