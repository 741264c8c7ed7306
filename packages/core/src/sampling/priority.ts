import { TraceFlags } from '../internal/otel-api.js';
import type { LocalTraceData } from '../span/span-data.js';

/** The user (or a user rule) dropped the trace. */
export const USER_REJECT = -1;
/** The sampler dropped the trace. */
export const AUTO_REJECT = 0;
/** The sampler kept the trace. */
export const AUTO_KEEP = 1;
/** The user (or a user rule) kept the trace. */
export const USER_KEEP = 2;

/** Decision makers, written as `_dd.p.dm=-<mechanism>` (spec §5.3). */
export const MECHANISM_DEFAULT = 0;
export const MECHANISM_AGENT_RATE = 1;
export const MECHANISM_RULE = 3;
export const MECHANISM_MANUAL = 4;
export const MECHANISM_REMOTE_USER_RULE = 11;
export const MECHANISM_REMOTE_DYNAMIC_RULE = 12;

/** Trace tag: decision maker. */
export const DECISION_MAKER_TAG = '_dd.p.dm';
/** Trace tag: the Knuth rate the keep/drop was computed with. */
export const KNUTH_RATE_TAG = '_dd.p.ksr';
/** Root metrics written by the sampler. */
export const RULE_RATE_METRIC = '_dd.rule_psr';
export const LIMITER_RATE_METRIC = '_dd.limit_psr';
export const AGENT_RATE_METRIC = '_dd.agent_psr';

/** The priority of a trace as propagated, or undefined while nobody decided yet. */
export function getSamplingPriority(trace: LocalTraceData): number | undefined {
  return trace.samplingPriority;
}

/** W3C `sampled` flag for a Datadog priority: kept (≥ 1) → sampled. */
export function traceFlagsForPriority(priority: number | undefined): TraceFlags {
  return priority !== undefined && priority > 0 ? TraceFlags.SAMPLED : TraceFlags.NONE;
}

/**
 * `_dd.p.dm` values (`-<mechanism>`) of the mechanisms there are, made once: a string built per
 * trace cost a concatenation, and the mapper then compared each new one with the last by content.
 */
const DECISION_MAKER_VALUES: readonly string[] = Array.from({ length: 16 }, (_, mechanism) => `-${mechanism}`);

/**
 * Records a decision. `_dd.p.dm` is added for kept traces unless an upstream value exists
 * (`overrideDecisionMaker` replaces it: a manual override is the new decision maker) and removed
 * for dropped ones, as dd-trace-js does.
 */
export function setSamplingDecision(
  trace: LocalTraceData,
  priority: number,
  mechanism: number,
  overrideDecisionMaker = false,
): void {
  trace.samplingPriority = priority;
  trace.samplingMechanism = mechanism;
  if (priority > 0) {
    if (overrideDecisionMaker || !trace.tags[DECISION_MAKER_TAG]) {
      trace.tags[DECISION_MAKER_TAG] = DECISION_MAKER_VALUES[mechanism] ?? `-${mechanism}`;
    }
  } else {
    delete trace.tags[DECISION_MAKER_TAG];
  }
}
