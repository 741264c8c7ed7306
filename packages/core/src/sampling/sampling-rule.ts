import type { Attributes, AttributeValue } from '@opentelemetry/api';
import type { SamplingRule } from '../config/options.js';
import { compileGlob } from './glob.js';
import type { GlobMatcher } from './glob.js';
import { MECHANISM_REMOTE_DYNAMIC_RULE, MECHANISM_REMOTE_USER_RULE, MECHANISM_RULE } from './priority.js';
import { RateLimiter } from './rate-limiter.js';
import type { Clock } from './rate-limiter.js';

/** What a rule looks at: the local root span of the trace. */
export interface SamplingSubject {
  /** Datadog operation name. */
  readonly name: string;
  readonly attributes: Attributes;
  readonly service: string;
  readonly resource?: string;
}

/** A `DD_TRACE_SAMPLING_RULES` entry compiled for matching (globs built once). */
export class CompiledSamplingRule {
  readonly sampleRate: number;
  readonly mechanism: number;
  /** The rule's own `max_per_second` limiter, when it has one. */
  readonly limiter: RateLimiter | undefined;
  private readonly matchers: Array<(subject: SamplingSubject) => boolean> = [];

  constructor(rule: SamplingRule, clock?: Clock) {
    this.sampleRate = clampRate(rule.sampleRate);
    this.mechanism = mechanismFor(rule.provenance);
    this.limiter = rule.maxPerSecond === undefined ? undefined : new RateLimiter(rule.maxPerSecond, clock);
    if (rule.service !== undefined) {
      const glob = compileGlob(rule.service);
      this.matchers.push((subject) => glob(subject.service));
    }
    if (rule.name !== undefined) {
      const glob = compileGlob(rule.name);
      this.matchers.push((subject) => glob(subject.name));
    }
    if (rule.resource !== undefined) {
      const glob = compileGlob(rule.resource);
      this.matchers.push((subject) => glob(resourceOf(subject)));
    }
    for (const [key, pattern] of Object.entries(rule.tags ?? {})) {
      const glob: GlobMatcher = compileGlob(pattern);
      this.matchers.push((subject) => glob(tagSubject(subject.attributes[key])));
    }
  }

  matches(subject: SamplingSubject): boolean {
    for (const matcher of this.matchers) {
      if (!matcher(subject)) return false;
    }
    return true;
  }
}

function resourceOf(subject: SamplingSubject): string | undefined {
  if (subject.resource !== undefined) return subject.resource;
  const attribute = subject.attributes['resource.name'];
  return typeof attribute === 'string' ? attribute : undefined;
}

/**
 * Tag values are matched as strings; numbers only when they are integers (`20`, not `20.5`), as in
 * dd-trace-js, so a glob never depends on float formatting. Match-all patterns match anything.
 */
function tagSubject(value: AttributeValue | undefined): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : undefined;
  if (typeof value === 'boolean') return String(value);
  return undefined;
}

function mechanismFor(provenance: SamplingRule['provenance']): number {
  if (provenance === 'customer') return MECHANISM_REMOTE_USER_RULE;
  if (provenance === 'dynamic') return MECHANISM_REMOTE_DYNAMIC_RULE;
  return MECHANISM_RULE;
}

function clampRate(rate: number): number {
  if (!Number.isFinite(rate)) return 1;
  return Math.min(1, Math.max(0, rate));
}
