import type { Attributes } from '@opentelemetry/api';
import type { ResolvedConfig } from '../config/options.js';
import { logger } from '../internal/diag.js';
import type { LocalTraceData } from '../span/span-data.js';
import { AgentRateTable } from './agent-rates.js';
import { formatKnuthRate, isKnuthSampled } from './knuth.js';
import { manualPriorityFromAttributes } from './manual-sampling.js';
import {
  AGENT_RATE_METRIC,
  AUTO_KEEP,
  AUTO_REJECT,
  KNUTH_RATE_TAG,
  LIMITER_RATE_METRIC,
  MECHANISM_AGENT_RATE,
  MECHANISM_DEFAULT,
  MECHANISM_MANUAL,
  RULE_RATE_METRIC,
  USER_KEEP,
  USER_REJECT,
  setSamplingDecision,
} from './priority.js';
import { RateLimiter } from './rate-limiter.js';
import type { Clock } from './rate-limiter.js';
import { CompiledSamplingRule } from './sampling-rule.js';
import type { SamplingSubject } from './sampling-rule.js';

// Re-exported: spans call it from `setAttribute`, next to the sampler they were created with.
export { applyManualSampling } from './manual-sampling.js';

/** The local root span as the sampler sees it. */
export interface SamplingRoot {
  /** Datadog operation name. */
  readonly name: string;
  readonly attributes: Attributes;
  readonly service: string;
  readonly resource?: string;
}

type SamplerConfig = Pick<ResolvedConfig, 'sampleRate' | 'samplingRules' | 'rateLimit' | 'env'>;

/**
 * Decides a trace's priority once, on its local root, when the trace first needs it (spec §5.1;
 * see `LocalTrace.decideSampling`): manual attributes, then the first matching rule (user rules,
 * then a catch-all from the global sample rate) behind the rate limiter, then the Agent's rates.
 * Keep/drop at a rate is Knuth-deterministic on the trace id, so every service computes the same
 * answer.
 */
export class PrioritySampler {
  private readonly rules: readonly CompiledSamplingRule[];
  private readonly limiter: RateLimiter;
  private readonly agentRates = new AgentRateTable();
  private readonly env: string | undefined;

  constructor(config: SamplerConfig, clock?: Clock) {
    const rules = config.samplingRules.map((rule) => new CompiledSamplingRule(rule, clock));
    if (config.sampleRate !== undefined) {
      rules.push(new CompiledSamplingRule({ sampleRate: config.sampleRate }, clock));
    }
    this.rules = rules;
    this.limiter = new RateLimiter(config.rateLimit, clock);
    this.env = config.env;
  }

  /** Sets priority, mechanism, `_dd.p.dm`, `_dd.p.ksr` and the root's sampler metrics. Never throws. */
  decide(trace: LocalTraceData, root: SamplingRoot): void {
    try {
      const manual = manualPriorityFromAttributes(root.attributes);
      if (manual !== undefined) {
        setSamplingDecision(trace, manual, MECHANISM_MANUAL, true);
        return;
      }
      const rule = this.firstMatchingRule(root);
      if (rule !== undefined) this.decideByRule(trace, rule);
      else this.decideByAgentRate(trace, root.service);
    } catch (error) {
      logger.debug(`sampling failed, keeping the trace: ${String(error)}`);
      setSamplingDecision(trace, AUTO_KEEP, MECHANISM_DEFAULT);
    }
  }

  /** Replaces the Agent's rate table (`rate_by_service` of a trace response). */
  updateAgentRates(rateByService: Record<string, number>): void {
    this.agentRates.update(rateByService);
  }

  private firstMatchingRule(root: SamplingSubject): CompiledSamplingRule | undefined {
    for (const rule of this.rules) {
      if (rule.matches(root)) return rule;
    }
    return undefined;
  }

  private decideByRule(trace: LocalTraceData, rule: CompiledSamplingRule): void {
    trace.rootMetrics[RULE_RATE_METRIC] = rule.sampleRate;
    trace.tags[KNUTH_RATE_TAG] = formatKnuthRate(rule.sampleRate);
    let keep = keepsAtRate(trace, rule.sampleRate) && (rule.limiter?.isAllowed() ?? true);
    if (keep) {
      // The global limiter only counts traces the rule itself kept (dd-trace-js parity).
      keep = this.limiter.isAllowed();
      trace.rootMetrics[LIMITER_RATE_METRIC] = this.limiter.effectiveRate();
    }
    setSamplingDecision(trace, keep ? USER_KEEP : USER_REJECT, rule.mechanism);
  }

  private decideByAgentRate(trace: LocalTraceData, service: string): void {
    const { rate, fromAgent } = this.agentRates.rateFor(service, this.env);
    trace.rootMetrics[AGENT_RATE_METRIC] = rate;
    if (fromAgent) trace.tags[KNUTH_RATE_TAG] = formatKnuthRate(rate);
    const keep = keepsAtRate(trace, rate);
    setSamplingDecision(trace, keep ? AUTO_KEEP : AUTO_REJECT, fromAgent ? MECHANISM_AGENT_RATE : MECHANISM_DEFAULT);
  }
}

/**
 * Knuth sampling of the trace at `rate`. At a rate of 1 (or a bad one) every trace is kept
 * without reading its id: a trace this process started has no id text until something asks for
 * it (local-trace.ts), and at the usual rate of 1 nothing should.
 */
function keepsAtRate(trace: LocalTraceData, rate: number): boolean {
  return !(rate < 1) || isKnuthSampled(trace.traceId, rate);
}
