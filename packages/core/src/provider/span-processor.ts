import type { Context, HrTime, Link, SpanContext, SpanKind, SpanStatus, Attributes, Span } from '@opentelemetry/api';

/** The OTel SDK's `TimedEvent` shape. */
export interface TimedEvent {
  name: string;
  time: HrTime;
  attributes?: Attributes;
  droppedAttributesCount?: number;
}

/**
 * The subset of the OTel SDK's `ReadableSpan` that dd-otel spans satisfy, so standard SDK span
 * processors and exporters (e.g. OTLP) can consume them. Declared structurally: core does not
 * depend on the SDK.
 */
export interface ReadableSpanLike {
  readonly name: string;
  readonly kind: SpanKind;
  readonly spanContext: () => SpanContext;
  readonly parentSpanContext?: SpanContext;
  readonly parentSpanId?: string;
  readonly startTime: HrTime;
  readonly endTime: HrTime;
  readonly status: SpanStatus;
  readonly attributes: Attributes;
  readonly links: Link[];
  readonly events: TimedEvent[];
  readonly duration: HrTime;
  readonly ended: boolean;
  readonly resource: unknown;
  readonly instrumentationScope: { name: string; version?: string; schemaUrl?: string };
  readonly instrumentationLibrary?: { name: string; version?: string; schemaUrl?: string };
  readonly droppedAttributesCount: number;
  readonly droppedEventsCount: number;
  readonly droppedLinksCount: number;
}

/** Structural copy of the OTel SDK `SpanProcessor` contract. */
export interface SpanProcessor {
  onStart(span: Span, parentContext: Context): void;
  onEnding?(span: Span): void;
  onEnd(span: ReadableSpanLike): void;
  forceFlush(): Promise<void>;
  shutdown(): Promise<void>;
}
