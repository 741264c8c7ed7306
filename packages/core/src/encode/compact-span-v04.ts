import { AttributeEntriesV04 } from './attribute-entries-v04.js';
import type { CompactSpanRecord } from './compact-span-record.js';
import {
  hasSimpleTail,
  writeExtraMeta,
  writeExtraMetrics,
  writeJsonMeta,
  writeMetricsHead,
} from './compact-entries-v04.js';
import { V04_META_HEADER_OFFSET, V04_METRICS_HEADER_OFFSET } from './constant-tags.js';
import type { ConstantTags } from './constant-tags.js';
import type { MsgpackWriter } from './msgpack-writer.js';
import { fillTailWords, tailTemplate, writeTail } from './compact-tail-v04.js';
import { preEncode } from './pre-encoded.js';
import { RepeatedEntries } from './repeated-entries.js';
import type { NativeSpanEventSource } from './span-event-values.js';
import { NativeSpanEventWriter, writeEventTime } from './span-events-v04.js';
import { EntrySnapshot, WrittenRange } from './written-range.js';

// Map headers (fixmap): 11 entries, plus `type` when set and `span_events` when present.
const MAP_HEADERS = [
  [preEncode(0x8b), preEncode(0x8c)],
  [preEncode(0x8c), preEncode(0x8d)],
] as const;
const KEY_NAME = preEncode('name');
const KEY_RESOURCE = preEncode('resource');
const KEY_SERVICE = preEncode('service');
const KEY_TYPE = preEncode('type');
const KEY_ERROR = [preEncode('error', 0x00), preEncode('error', 0x01)] as const;
const KEY_SPAN_EVENTS = preEncode('span_events');

/**
 * Writes `CompactSpanRecord`s as v0.4 span maps: the same entries as the records' `meta` /
 * `metrics` views. MessagePack map keys may come in any order, so each span is laid out with
 * what changes from span to span last: names, error, meta, metrics and span events up to the
 * last event's time first (the "prefix"), then the time, ids, start and duration. Consecutive
 * spans of one kind (same names, constant tags, priority, attributes and event) have the same
 * prefix, which is then copied from the previous span; otherwise its parts are, where they
 * repeat (see `NativeSpanEventWriter`). One instance per writer.
 */
export class CompactSpanWriterV04 {
  /** The last prefix written by a span that qualifies (see `hasSimpleTail`), and its inputs. */
  private readonly prefix = new WrittenRange();
  private prefixName = '';
  private prefixResource = '';
  private prefixService = '';
  private prefixType = '';
  private prefixError = -1;
  private prefixConstants: ConstantTags | undefined = undefined;
  private prefixPriority: number | undefined = undefined;
  private prefixHasAttributes = false;
  private readonly prefixAttributes = new EntrySnapshot();
  private prefixHasEvent = false;
  private prefixEventName = '';
  private prefixEventHasAttributes = false;
  private readonly prefixEventAttributes = new EntrySnapshot();
  /** The recorded prefix is followed by its span's tail template (see `write`). */
  private prefixTailFollows = false;

  /** The names run (map header to the `meta` block) of the last span written in full. */
  private readonly run = new WrittenRange();
  private runName = '';
  private runResource = '';
  private runService = '';
  private runType = '';
  private runError = -1;
  private runHasEvents = -1;
  private runConstants: ConstantTags | undefined = undefined;

  private readonly tailWords = new Int32Array(10);
  private readonly events = new NativeSpanEventWriter();
  private readonly attributeEntries = new AttributeEntriesV04();
  private readonly extraMeta = new RepeatedEntries(writeExtraMeta);
  private readonly extraMetrics = new RepeatedEntries(writeExtraMetrics);

  write(writer: MsgpackWriter, span: CompactSpanRecord): void {
    const events = span.nativeEvents;
    const eventCount = events === undefined ? 0 : events.length;
    const lastEvent = eventCount > 0 ? events![eventCount - 1]! : undefined;
    const simple = hasSimpleTail(span, eventCount);
    if (simple && this.prefixRepeats(writer, span, events)) {
      const prefix = this.prefix;
      // The recorded prefix is followed by its span's tail template (same variant: same event
      // presence) when that span's start was usual: copy both at once, then fill in the values.
      if (this.prefixTailFollows && fillTailWords(this.tailWords, span, lastEvent)) {
        const tail = tailTemplate(lastEvent);
        const tailStart = writer.length + prefix.length;
        writer.copyWritten(prefix.start, prefix.length + tail.template.byteLength);
        writer.patchWords(tailStart, tail.holes, this.tailWords);
        writer.int(span.duration);
        return;
      }
      writer.copyWritten(prefix.start, prefix.length);
      writeTail(writer, span, lastEvent, this.tailWords);
      return;
    }
    const start = writer.length;
    this.writePrefix(writer, span, events, eventCount);
    if (simple) this.recordPrefix(writer, span, events, start);
    const usualTail = writeTail(writer, span, lastEvent, this.tailWords);
    if (simple) this.prefixTailFollows = usualTail;
  }

  private prefixRepeats(
    writer: MsgpackWriter,
    span: CompactSpanRecord,
    events: readonly NativeSpanEventSource[] | undefined,
  ): boolean {
    if (
      this.prefix.epoch !== writer.epoch ||
      span.name !== this.prefixName ||
      span.resource !== this.prefixResource ||
      span.service !== this.prefixService ||
      span.type !== this.prefixType ||
      span.error !== this.prefixError ||
      span.constants !== this.prefixConstants ||
      span.samplingPriority !== this.prefixPriority
    ) {
      return false;
    }
    const attributes = span.passThroughAttributes;
    if (attributes === undefined ? this.prefixHasAttributes : !this.prefixHasAttributes || !this.prefixAttributes.matches(attributes)) {
      return false;
    }
    const event = events === undefined || events.length === 0 ? undefined : events[0]!;
    if (event === undefined) return !this.prefixHasEvent;
    if (!this.prefixHasEvent || event.name !== this.prefixEventName) return false;
    const eventAttributes = event.attributes;
    return eventAttributes === undefined || eventAttributes === null
      ? !this.prefixEventHasAttributes
      : this.prefixEventHasAttributes && this.prefixEventAttributes.matches(eventAttributes);
  }

  private recordPrefix(
    writer: MsgpackWriter,
    span: CompactSpanRecord,
    events: readonly NativeSpanEventSource[] | undefined,
    start: number,
  ): void {
    this.prefix.set(start, writer.length - start, 0, writer.epoch);
    this.prefixName = span.name;
    this.prefixResource = span.resource;
    this.prefixService = span.service;
    this.prefixType = span.type;
    this.prefixError = span.error;
    this.prefixConstants = span.constants;
    this.prefixPriority = span.samplingPriority;
    const attributes = span.passThroughAttributes;
    this.prefixHasAttributes = attributes !== undefined;
    if (attributes !== undefined) this.prefixAttributes.record(attributes);
    const event = events === undefined || events.length === 0 ? undefined : events[0]!;
    this.prefixHasEvent = event !== undefined;
    if (event === undefined) return;
    // A name that is not a string is never equal to `prefixEventName`, so never repeats.
    this.prefixEventName = typeof event.name === 'string' ? event.name : '';
    if (typeof event.name !== 'string') this.prefix.epoch = -1;
    const eventAttributes = event.attributes;
    this.prefixEventHasAttributes = eventAttributes !== undefined && eventAttributes !== null;
    if (this.prefixEventHasAttributes) this.prefixEventAttributes.record(eventAttributes!);
  }

  /** Everything before the last event's time (see the class comment). */
  private writePrefix(
    writer: MsgpackWriter,
    span: CompactSpanRecord,
    events: readonly NativeSpanEventSource[] | undefined,
    eventCount: number,
  ): void {
    const metaHeader = this.writeRun(writer, span, eventCount > 0 ? 1 : 0) + V04_META_HEADER_OFFSET;
    const attributes = span.passThroughAttributes;
    let metaCount = span.constants.metaCount + this.extraMeta.write(writer, span.extraMeta) + writeJsonMeta(writer, span);
    if (attributes !== undefined) metaCount += this.attributeEntries.write(writer, attributes);
    writer.patchCount32(metaHeader, metaCount);
    const metricsHeader = writer.length + V04_METRICS_HEADER_OFFSET;
    let metricsCount = writeMetricsHead(writer, span);
    if (attributes !== undefined) metricsCount += this.attributeEntries.writeMetrics(writer);
    writer.patchCount32(metricsHeader, metricsCount + this.extraMetrics.write(writer, span.extraMetrics));
    if (eventCount === 0) return;
    writer.raw(KEY_SPAN_EVENTS);
    writer.arrayHeader(eventCount);
    for (let i = 0; i < eventCount; i++) {
      this.events.writeBody(writer, events![i]!);
      if (i < eventCount - 1) writeEventTime(writer, events![i]!);
    }
  }

  /**
   * Map header, `name`, `resource`, `service`, `type` when set, `error`, then `meta` up to its
   * constant entries. Returns where the `meta` key starts (its map32 header follows it).
   */
  private writeRun(writer: MsgpackWriter, span: CompactSpanRecord, hasEvents: number): number {
    const error = span.error === 1 ? 1 : 0;
    const run = this.run;
    if (
      run.epoch === writer.epoch &&
      span.name === this.runName &&
      span.resource === this.runResource &&
      span.service === this.runService &&
      span.type === this.runType &&
      error === this.runError &&
      hasEvents === this.runHasEvents &&
      span.constants === this.runConstants
    ) {
      writer.copyWritten(run.start, run.length);
      return writer.length - span.constants.v04MetaHead.byteLength;
    }
    const start = writer.length;
    const hasType = span.type !== '' ? 1 : 0;
    writer.raw(MAP_HEADERS[hasType][hasEvents]!);
    writer.raw(KEY_NAME);
    writer.str(span.name);
    writer.raw(KEY_RESOURCE);
    writer.str(span.resource);
    writer.raw(KEY_SERVICE);
    writer.str(span.service);
    if (hasType === 1) {
      writer.raw(KEY_TYPE);
      writer.str(span.type);
    }
    writer.raw(KEY_ERROR[error]);
    const metaStart = writer.length;
    writer.raw(span.constants.v04MetaHead);
    this.runName = span.name;
    this.runResource = span.resource;
    this.runService = span.service;
    this.runType = span.type;
    this.runError = error;
    this.runHasEvents = hasEvents;
    this.runConstants = span.constants;
    run.set(start, writer.length - start, 0, writer.epoch);
    return metaStart;
  }
}
