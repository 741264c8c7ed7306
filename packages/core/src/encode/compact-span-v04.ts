import type { CompactSpanRecord } from './compact-span-record.js';
import type { MsgpackWriter } from './msgpack-writer.js';
import { preEncode } from './pre-encoded.js';
import { writeNativeSpanEvents } from './span-events-v04.js';
import {
  ERROR_THEN_KEY_START,
  HEAD_WITH_TYPE,
  HEAD_WITHOUT_TYPE,
  KEY_DURATION,
  KEY_META_MAP32,
  KEY_METRICS_MAP32,
  KEY_NAME,
  KEY_PARENT_ID,
  KEY_RESOURCE,
  KEY_SERVICE,
  KEY_SPAN_EVENTS,
  KEY_SPAN_ID,
  KEY_TRACE_ID,
  MAP32_HEADER_SIZE,
} from './v04-span-keys.js';

const KEY_EVENTS = preEncode('events');
const KEY_SPAN_LINKS = preEncode('_dd.span_links');
const KEY_SAMPLING_PRIORITY = preEncode('_sampling_priority_v1');

/**
 * A `CompactSpanRecord` as a v0.4 span map: the same entries as its `meta`/`metrics` views,
 * with the constant ones copied as pre-encoded blocks and span events typed while written.
 */
export function writeCompactSpan(writer: MsgpackWriter, span: CompactSpanRecord): void {
  const events = span.nativeEvents;
  const hasEvents = events !== undefined && events.length > 0 ? 1 : 0;
  if (span.type !== '') {
    writer.raw(HEAD_WITH_TYPE[hasEvents]);
    writer.str(span.type);
    writer.raw(KEY_TRACE_ID);
  } else {
    writer.raw(HEAD_WITHOUT_TYPE[hasEvents]);
  }
  writer.uint64FromWords(span.traceIdHigh, span.traceIdLow);
  writer.raw(KEY_SPAN_ID);
  writer.uint64FromWords(span.spanIdHigh, span.spanIdLow);
  writer.raw(KEY_PARENT_ID);
  writer.uint64FromWords(span.parentIdHigh, span.parentIdLow);
  writer.raw(KEY_NAME);
  writer.str(span.name);
  writer.raw(KEY_RESOURCE);
  writer.str(span.resource);
  writer.raw(KEY_SERVICE);
  writer.str(span.service);
  writer.raw(ERROR_THEN_KEY_START[span.error === 1 ? 1 : 0]);
  writer.int(span.start);
  writer.raw(KEY_DURATION);
  writer.int(span.duration);
  writeMeta(writer, span);
  writeMetrics(writer, span);
  if (hasEvents === 1) {
    writer.raw(KEY_SPAN_EVENTS);
    writeNativeSpanEvents(writer, events!);
  }
}

function writeMeta(writer: MsgpackWriter, span: CompactSpanRecord): void {
  writer.raw(KEY_META_MAP32);
  const header = writer.length - MAP32_HEADER_SIZE;
  const constants = span.constants;
  writer.raw(constants.v04Meta);
  let count = constants.metaCount;
  const attributes = span.passThroughAttributes;
  if (attributes !== undefined) {
    for (const key in attributes) {
      const value = attributes[key];
      if (typeof value !== 'string') continue;
      writer.str(key);
      writer.str(value);
      count++;
    }
  }
  const extra = span.extraMeta;
  if (extra !== undefined) {
    for (const key in extra) {
      const value = extra[key];
      if (typeof value !== 'string') continue;
      writer.str(key);
      writer.str(value);
      count++;
    }
  }
  if (span.eventsJson !== undefined) {
    writer.raw(KEY_EVENTS);
    writer.str(span.eventsJson);
    count++;
  }
  if (span.linksJson !== undefined) {
    writer.raw(KEY_SPAN_LINKS);
    writer.str(span.linksJson);
    count++;
  }
  writer.patchCount32(header, count);
}

function writeMetrics(writer: MsgpackWriter, span: CompactSpanRecord): void {
  writer.raw(KEY_METRICS_MAP32);
  const header = writer.length - MAP32_HEADER_SIZE;
  const constants = span.constants;
  writer.raw(constants.v04Metrics);
  let count = constants.metricCount;
  if (span.samplingPriority !== undefined) {
    writer.raw(KEY_SAMPLING_PRIORITY);
    writer.number(span.samplingPriority);
    count++;
  }
  const attributes = span.passThroughAttributes;
  if (attributes !== undefined) {
    for (const key in attributes) {
      const value = attributes[key];
      if (typeof value === 'number') {
        if (value !== value) continue;
        writer.str(key);
        writer.number(value);
      } else if (typeof value === 'boolean') {
        writer.str(key);
        writer.int(value ? 1 : 0);
      } else {
        continue;
      }
      count++;
    }
  }
  const extra = span.extraMetrics;
  if (extra !== undefined) {
    for (const key in extra) {
      const value = extra[key];
      if (typeof value !== 'number' || value !== value) continue;
      writer.str(key);
      writer.number(value);
      count++;
    }
  }
  writer.patchCount32(header, count);
}
