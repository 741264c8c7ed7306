import { describe, expect, it } from 'vitest';
import { SpanSampler } from './span-sampler.js';
import type { SpanSamplingSubject } from './span-sampler.js';

const span = (name: string, service = 'shop', spanIdLow = 7): SpanSamplingSubject => ({ name, service, spanIdHigh: 1, spanIdLow });

describe('SpanSampler', () => {
  it('marks a span the first matching rule keeps: mechanism 8, the rule rate, its limit', () => {
    const sampler = new SpanSampler([{ service: 'SHOP', name: 'db.*', maxPerSecond: 50 }, { name: '*', sampleRate: 0 }]);
    expect(sampler.sample(span('db.query'))).toEqual({
      '_dd.span_sampling.mechanism': 8,
      '_dd.span_sampling.rule_rate': 1,
      '_dd.span_sampling.max_per_second': 50,
    });
    // The second rule matches anything else, and keeps nothing.
    expect(sampler.sample(span('http.request'))).toBeUndefined();
  });

  it('leaves spans no rule matches, and keeps nothing at rate 0', () => {
    expect(new SpanSampler([{ service: 'billing' }]).sample(span('db.query'))).toBeUndefined();
    expect(new SpanSampler([{ name: 'db.*', sampleRate: 0 }]).sample(span('db.query'))).toBeUndefined();
  });

  it('decides on the span id at a partial rate: the same span, the same answer', () => {
    const sampler = new SpanSampler([{ sampleRate: 0.5 }]);
    const answers = Array.from({ length: 200 }, (_, i) => sampler.sample(span('op', 'shop', i * 7919 + 1)) !== undefined);
    const kept = answers.filter(Boolean).length;
    expect(kept).toBeGreaterThan(60);
    expect(kept).toBeLessThan(140);
    expect(Array.from({ length: 200 }, (_, i) => sampler.sample(span('op', 'shop', i * 7919 + 1)) !== undefined)).toEqual(answers);
  });

  it('keeps at most maxPerSecond spans per second per rule', () => {
    let now = 1_000;
    const sampler = new SpanSampler([{ name: 'db.*', maxPerSecond: 2 }], () => now);
    const keptNow = () => [1, 2, 3].filter((id) => sampler.sample(span('db.query', 'shop', id)) !== undefined).length;
    expect(keptNow()).toBe(2);
    now += 1_000;
    expect(keptNow()).toBe(2);
  });
});
