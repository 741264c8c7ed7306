import { TraceFlags } from '../internal/otel-api.js';
import type { Context, SpanContext } from '@opentelemetry/api';
import { logger } from '../internal/diag.js';
import { AUTO_KEEP, AUTO_REJECT } from '../sampling/priority.js';
import type { LocalTraceData } from '../span/span-data.js';
import { readDatadogMember } from './datadog-tracestate.js';
import { PARENT_ID_TAG, PROPAGATION_ERROR_TAG, getExtractionExtras } from './extracted-context.js';
import { getExtractedSamplingPriority } from './extraction-results.js';

/**
 * The priority of a remote parent from its W3C sampled flag and its `dd=` `s:` (spec §6.3):
 * `s` wins only when it agrees with the flag (flag 1 and s > 0, or flag 0 and s < 0). A `rum`
 * origin without `s` means the browser left the decision to us: undefined (the sampler decides).
 */
export function resolveRemotePriority(
  sampled: boolean,
  priority: number | undefined,
  origin: string | undefined,
): number | undefined {
  if (priority === undefined && origin === 'rum') return undefined;
  if (sampled) return priority !== undefined && priority > 0 ? priority : AUTO_KEEP;
  return priority !== undefined && priority < 0 ? priority : AUTO_REJECT;
}

/**
 * Fills a fresh local trace from a parent span context that is not ours: priority (from `dd=`
 * `s:` consistent with `traceFlags`; flags alone for a foreign tracestate), mechanism (`t.dm`),
 * origin (`o:`), `_dd.p.*` (`t.*`), `_dd.parent_id` (`p:`), `_dd.propagation_error`. Leaves the
 * priority undefined when upstream did not decide; the tracer then runs the sampler. Never throws.
 */
export function applyRemoteParent(trace: LocalTraceData, parent: SpanContext): void {
  try {
    const member = readDatadogMember(parent.traceState);
    const extras = getExtractionExtras(parent);
    const sampled = (parent.traceFlags & TraceFlags.SAMPLED) === TraceFlags.SAMPLED;
    trace.samplingPriority = extras?.undecided
      ? undefined
      : resolveRemotePriority(sampled, member?.priority, member?.origin);
    trace.samplingMechanism = member?.mechanism;
    trace.origin = member?.origin;
    if (member !== undefined) {
      Object.assign(trace.tags, member.tags);
      if (member.parentId !== undefined) trace.tags[PARENT_ID_TAG] = member.parentId;
    }
    if (extras?.propagationError !== undefined) trace.tags[PROPAGATION_ERROR_TAG] = extras.propagationError;
  } catch (error) {
    logger.debug(`ignoring the remote parent's Datadog state: ${String(error)}`);
  }
}

/**
 * For a root span started with no valid parent: applies a sampling-only decision extracted from
 * B3 headers (see `getExtractedSamplingPriority`). True when it applied one; the tracer then
 * skips the sampler.
 */
export function applyExtractedSamplingDecision(trace: LocalTraceData, context: Context): boolean {
  const priority = getExtractedSamplingPriority(context);
  if (priority === undefined) return false;
  trace.samplingPriority = priority;
  return true;
}
