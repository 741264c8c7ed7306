import { TraceFlags } from '../internal/otel-api.js';
import type { SpanContext, TraceState } from '@opentelemetry/api';
import { buildTraceState } from '../propagation/datadog-tracestate.js';
import type { LocalTrace } from './local-trace.js';

/**
 * The OTel view of a dd-otel span's identity. `traceFlags` and `traceState` are read live from
 * the trace, so a later manual keep/drop is reflected everywhere the context was handed out;
 * reading either makes the trace's sampling decision if nobody made it yet.
 */
export class DatadogSpanContext implements SpanContext {
  readonly isRemote = false;
  private cachedTraceState: TraceState | undefined = undefined;
  private cachedForPriority: number | undefined = undefined;
  private cachedForMechanism: number | undefined = undefined;

  constructor(
    private readonly trace: LocalTrace,
    readonly spanId: string,
  ) {}

  get traceId(): string {
    return this.trace.traceId;
  }

  get traceFlags(): number {
    this.trace.decideSampling();
    const priority = this.trace.samplingPriority;
    return priority !== undefined && priority > 0 ? TraceFlags.SAMPLED : TraceFlags.NONE;
  }

  /** Carries an up-to-date `dd=` member (priority, origin, `_dd.p.*`) plus upstream vendors' members. */
  get traceState(): TraceState {
    const trace = this.trace;
    trace.decideSampling();
    if (
      this.cachedTraceState === undefined ||
      this.cachedForPriority !== trace.samplingPriority ||
      this.cachedForMechanism !== trace.samplingMechanism
    ) {
      this.cachedTraceState = buildTraceState(trace, this.spanId, trace.upstreamTraceState);
      this.cachedForPriority = trace.samplingPriority;
      this.cachedForMechanism = trace.samplingMechanism;
    }
    return this.cachedTraceState!;
  }

  toJSON(): SpanContext {
    return {
      traceId: this.traceId,
      spanId: this.spanId,
      traceFlags: this.traceFlags,
      isRemote: false,
    };
  }
}
