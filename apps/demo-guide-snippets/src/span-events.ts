/**
 * "Adding span events" from Datadog's "custom instrumentation with the OpenTelemetry API" guide.
 */
import type { Span } from '@opentelemetry/api';

export interface GuideEventsOptions {
  /** Starts with the guide's "Event With No Attributes". Default: true. */
  withEventWithoutAttributes?: boolean;
  /** How far back "Event With A Timestamp" is dated, in milliseconds. Default: 1000. */
  timestampAgoMs?: number;
}

/** The guide's events: attributes of every type an event accepts, and an explicit timestamp. */
export function addGuideEvents(span: Span, options: GuideEventsOptions = {}): void {
  if (options.withEventWithoutAttributes ?? true) span.addEvent('Event With No Attributes');
  span.addEvent('Event With Some Attributes', {
    int_val: 1,
    string_val: 'two',
    int_array: [3, 4],
    string_array: ['5', '6'],
    bool_array: [true, false],
  });
  span.addEvent('Event With A Timestamp', { phase: 'late' }, Date.now() - (options.timestampAgoMs ?? 1000));
}
