import { TraceFlags } from '../internal/otel-api.js';
import type { Attributes, HrTime, Link, SpanContext, SpanKind, SpanStatus } from '@opentelemetry/api';
import type { ResolvedConfig } from '../config/options.js';
import type { DatadogSpan } from '../span/span.js';
import { msToHrTime } from '../span/time.js';
import { resourceFor } from './resource.js';
import type { ReadableSpanLike, TimedEvent } from './span-processor.js';

/**
 * The OTel SDK `ReadableSpan` view of a finished dd-otel span, built only when span processors
 * are registered, so the default pipeline pays nothing for SDK interop.
 */
export class ReadableSpanView implements ReadableSpanLike {
  readonly name: string;
  readonly kind: SpanKind;
  readonly startTime: HrTime;
  readonly endTime: HrTime;
  readonly duration: HrTime;
  readonly status: SpanStatus;
  readonly attributes: Attributes;
  readonly links: Link[];
  readonly events: TimedEvent[];
  readonly ended: boolean;
  readonly resource: unknown;
  readonly instrumentationScope: { name: string; version?: string };
  readonly droppedAttributesCount = 0;
  readonly droppedEventsCount = 0;
  readonly droppedLinksCount = 0;
  readonly parentSpanContext: SpanContext | undefined;

  constructor(
    private readonly span: DatadogSpan,
    config: ResolvedConfig,
  ) {
    this.name = span.name;
    this.kind = span.kind;
    this.startTime = msToHrTime(span.startMs);
    this.endTime = msToHrTime(span.endMs);
    this.duration = msToHrTime(span.endMs - span.startMs);
    this.status = span.statusMessage === undefined ? { code: span.statusCode } : { code: span.statusCode, message: span.statusMessage };
    this.attributes = span.attributes;
    this.links = [...span.links];
    this.events = span.events.map((event) => {
      const timed: TimedEvent = { name: event.name, time: msToHrTime(event.timeMs), droppedAttributesCount: 0 };
      if (event.attributes) timed.attributes = event.attributes;
      return timed;
    });
    this.ended = span.ended;
    this.resource = resourceFor(config);
    this.instrumentationScope = { ...span.instrumentationScope };
    this.parentSpanContext =
      span.parentSpanIdHex === undefined
        ? undefined
        : {
            traceId: span.trace.traceId,
            spanId: span.parentSpanIdHex,
            traceFlags: span.spanContext().traceFlags ?? TraceFlags.NONE,
            isRemote: span.hasRemoteParent,
          };
  }

  spanContext(): SpanContext {
    return this.span.spanContext();
  }

  /** SDK 1.x name of `parentSpanContext.spanId`, still read by some exporters. */
  get parentSpanId(): string | undefined {
    return this.span.parentSpanIdHex;
  }

  /** SDK 1.x name of `instrumentationScope`. */
  get instrumentationLibrary(): { name: string; version?: string } {
    return this.instrumentationScope;
  }
}
