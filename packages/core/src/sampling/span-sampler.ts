import type { SpanSamplingRule } from '../config/options.js';
import { idToHex } from '../span/ids.js';
import { compileGlob } from './glob.js';
import type { GlobMatcher } from './glob.js';
import { isKnuthSampled } from './knuth.js';
import { RateLimiter } from './rate-limiter.js';
import type { Clock } from './rate-limiter.js';

/** `_dd.span_sampling.mechanism` of a span a single-span rule kept. */
export const SPAN_SAMPLING_MECHANISM = 8;
export const SPAN_SAMPLING_MECHANISM_METRIC = '_dd.span_sampling.mechanism';
export const SPAN_SAMPLING_RATE_METRIC = '_dd.span_sampling.rule_rate';
export const SPAN_SAMPLING_MAX_PER_SECOND_METRIC = '_dd.span_sampling.max_per_second';

/** What a single-span rule looks at: a mapped span. */
export interface SpanSamplingSubject {
  readonly service: string;
  /** Datadog operation name. */
  readonly name: string;
  readonly spanIdHigh: number;
  readonly spanIdLow: number;
}

const ZERO_HIGH_HEX = '0000000000000000';

class CompiledSpanRule {
  readonly sampleRate: number;
  readonly maxPerSecond: number | undefined;
  private readonly service: GlobMatcher | undefined;
  private readonly name: GlobMatcher | undefined;
  private readonly limiter: RateLimiter | undefined;

  constructor(rule: SpanSamplingRule, clock: Clock | undefined) {
    const rate = rule.sampleRate ?? 1;
    this.sampleRate = rate >= 0 && rate <= 1 ? rate : 1;
    this.maxPerSecond = rule.maxPerSecond;
    this.service = rule.service === undefined ? undefined : compileGlob(rule.service);
    this.name = rule.name === undefined ? undefined : compileGlob(rule.name);
    this.limiter = rule.maxPerSecond === undefined ? undefined : new RateLimiter(rule.maxPerSecond, clock);
  }

  matches(span: SpanSamplingSubject): boolean {
    return (this.service === undefined || this.service(span.service)) && (this.name === undefined || this.name(span.name));
  }

  /** Knuth on the span id (each span of a dropped trace is kept or not on its own), then the limiter. */
  keeps(span: SpanSamplingSubject): boolean {
    // At rate 1 (the default) no id text is needed.
    const sampled = this.sampleRate >= 1 || isKnuthSampled(ZERO_HIGH_HEX + idToHex(span.spanIdHigh, span.spanIdLow), this.sampleRate);
    return sampled && (this.limiter?.isAllowed() ?? true);
  }
}

/**
 * Single-span sampling (`DD_SPAN_SAMPLING_RULES`, spec §5.4): in a trace the priority sampler
 * dropped, the spans a rule keeps are marked so that the Agent keeps them alone. The first rule
 * whose service and name globs match a span decides for it.
 */
export class SpanSampler {
  private readonly rules: readonly CompiledSpanRule[];

  constructor(rules: readonly SpanSamplingRule[], clock?: Clock) {
    this.rules = rules.map((rule) => new CompiledSpanRule(rule, clock));
  }

  get hasRules(): boolean {
    return this.rules.length > 0;
  }

  /** The metrics to add to `span` when a rule keeps it, else undefined. Never throws. */
  sample(span: SpanSamplingSubject): Record<string, number> | undefined {
    try {
      const rule = this.rules.find((candidate) => candidate.matches(span));
      if (rule === undefined || !rule.keeps(span)) return undefined;
      const metrics: Record<string, number> = {
        [SPAN_SAMPLING_MECHANISM_METRIC]: SPAN_SAMPLING_MECHANISM,
        [SPAN_SAMPLING_RATE_METRIC]: rule.sampleRate,
      };
      if (rule.maxPerSecond !== undefined) metrics[SPAN_SAMPLING_MAX_PER_SECOND_METRIC] = rule.maxPerSecond;
      return metrics;
    } catch {
      return undefined;
    }
  }
}
