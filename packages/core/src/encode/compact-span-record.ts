import type { Attributes } from '@opentelemetry/api';
import { idToHex } from '../span/ids.js';
import { NO_CONSTANT_TAGS, type ConstantTags } from './constant-tags.js';
import { toSpanEventRecords, type NativeSpanEventSource } from './span-event-values.js';
import type { DatadogSpanRecord, SpanEventRecord } from './span-record.js';

/**
 * The mapper's record: a `DatadogSpanRecord` whose parts are kept in the form that is cheapest
 * to produce and to encode, since every finished span becomes one. The encoders read the fields
 * below directly; `traceId`/`spanId`/`parentId`, `meta`, `metrics` and `spanEvents` are views
 * assembled on demand for any other reader (tests, tools), equal to what the record encodes.
 *
 * Meta is the union of `constants.meta`, the string entries of `passThroughAttributes` (but
 * the naming keys, see `isPassThroughNamingKey`), `extraMeta`, then `events` (`eventsJson`)
 * and `_dd.span_links` (`linksJson`); metrics the union of `constants.metrics`,
 * `_sampling_priority_v1` (`samplingPriority`), the number and boolean entries of
 * `passThroughAttributes` and `extraMetrics`. The mapper guarantees these
 * parts never share a key, so they can be written one after the other.
 */
export class CompactSpanRecord implements DatadogSpanRecord {
  /** The low 64 bits of the trace id, as signed 32-bit halves (like the other ids). */
  traceIdHigh = 0;
  traceIdLow = 0;
  spanIdHigh = 0;
  spanIdLow = 0;
  parentIdHigh = 0;
  parentIdLow = 0;
  name = '';
  resource = '';
  service = '';
  type = '';
  error: 0 | 1 = 0;
  start = 0;
  duration = 0;
  constants: ConstantTags = NO_CONSTANT_TAGS;
  /**
   * Span attributes that need no mapping: string values are meta entries, numbers (NaN left
   * out, -0 as 0) and booleans (1/0) metrics entries, under their own keys; others are skipped.
   */
  passThroughAttributes: Attributes | undefined = undefined;
  extraMeta: Record<string, string> | undefined = undefined;
  extraMetrics: Record<string, number> | undefined = undefined;
  /** `_sampling_priority_v1`; never NaN. */
  samplingPriority: number | undefined = undefined;
  /** Written as native `span_events` (v0.4 only). */
  nativeEvents: readonly NativeSpanEventSource[] | undefined = undefined;
  eventsJson: string | undefined = undefined;
  linksJson: string | undefined = undefined;

  /**
   * Back to the state of a new record (every field above, same values), so the chunk mapper can
   * map the next chunk's spans into the records it already has instead of allocating new ones
   * (a third of what a traced request allocated). A test checks it against a new record.
   */
  reset(): void {
    this.traceIdHigh = 0;
    this.traceIdLow = 0;
    this.spanIdHigh = 0;
    this.spanIdLow = 0;
    this.parentIdHigh = 0;
    this.parentIdLow = 0;
    this.name = '';
    this.resource = '';
    this.service = '';
    this.type = '';
    this.error = 0;
    this.start = 0;
    this.duration = 0;
    this.constants = NO_CONSTANT_TAGS;
    this.passThroughAttributes = undefined;
    this.extraMeta = undefined;
    this.extraMetrics = undefined;
    this.samplingPriority = undefined;
    this.nativeEvents = undefined;
    this.eventsJson = undefined;
    this.linksJson = undefined;
  }

  get traceId(): string {
    return idToHex(this.traceIdHigh, this.traceIdLow);
  }

  get spanId(): string {
    return idToHex(this.spanIdHigh, this.spanIdLow);
  }

  get parentId(): string {
    return idToHex(this.parentIdHigh, this.parentIdLow);
  }

  get meta(): Record<string, string> {
    const meta: Record<string, string> = {};
    const { metaKeys, metaValues } = this.constants;
    for (let i = 0; i < metaKeys.length; i++) meta[metaKeys[i]!] = metaValues[i]!;
    const attributes = this.passThroughAttributes;
    for (const key in attributes) {
      const value = attributes[key];
      if (typeof value === 'string' && !isPassThroughNamingKey(key)) meta[key] = value;
    }
    const extra = this.extraMeta;
    for (const key in extra) {
      if (typeof extra[key] === 'string') meta[key] = extra[key];
    }
    if (this.eventsJson !== undefined) meta.events = this.eventsJson;
    if (this.linksJson !== undefined) meta['_dd.span_links'] = this.linksJson;
    return meta;
  }

  get metrics(): Record<string, number> {
    const metrics: Record<string, number> = {};
    const { metricKeys, metricValues } = this.constants;
    for (let i = 0; i < metricKeys.length; i++) metrics[metricKeys[i]!] = metricValues[i]!;
    if (this.samplingPriority !== undefined) metrics._sampling_priority_v1 = this.samplingPriority;
    const attributes = this.passThroughAttributes;
    for (const key in attributes) {
      const value = attributes[key];
      if (typeof value === 'number') {
        if (value === value) metrics[key] = value === 0 ? 0 : value;
      } else if (typeof value === 'boolean') {
        metrics[key] = value ? 1 : 0;
      }
    }
    const extra = this.extraMetrics;
    for (const key in extra) {
      const value = extra[key];
      if (typeof value === 'number' && value === value) metrics[key] = value;
    }
    return metrics;
  }

  get spanEvents(): SpanEventRecord[] | undefined {
    const events = this.nativeEvents;
    return events === undefined || events.length === 0 ? undefined : toSpanEventRecords(events);
  }
}

/**
 * Keys a request span's attributes carry that name the span rather than tag it: the mapper has
 * read them into `name`, `resource`, `service` and `type`, so they are never meta entries. The
 * length picks the one key to compare: optimized code calls a builtin for each string
 * comparison, and four of them for each of a request span's ~17 keys cost ~950 instructions
 * (callgrind), where most keys now need none.
 */
export function isPassThroughNamingKey(key: string): boolean {
  switch (key.length) {
    case 14:
      return key === 'operation.name';
    case 13:
      return key === 'resource.name';
    case 12:
      return key === 'service.name';
    case 9:
      return key === 'span.type';
    default:
      return false;
  }
}

/**
 * The record's trace, span and parent ids as the six 32-bit words the encoders' pre-encoded
 * uint64 templates take, in wire order (high word first); `words[6..]` is left to the caller.
 */
export function writeIdWords(words: Int32Array, span: CompactSpanRecord): void {
  words[0] = span.traceIdHigh;
  words[1] = span.traceIdLow;
  words[2] = span.spanIdHigh;
  words[3] = span.spanIdLow;
  words[4] = span.parentIdHigh;
  words[5] = span.parentIdLow;
}
