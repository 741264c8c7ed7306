import type { CompactSpanRecord } from './compact-span-record.js';
import { v04MetricsHeadIndex } from './constant-tags.js';
import { writeKey } from './key-cache.js';
import type { MsgpackWriter } from './msgpack-writer.js';
import { preEncode } from './pre-encoded.js';

// The variable entries of a v0.4 span's `meta` and `metrics` (see compact-span-v04.ts).
const KEY_EVENTS = preEncode('events');
const KEY_SPAN_LINKS = preEncode('_dd.span_links');
const KEY_SAMPLING_PRIORITY = preEncode('_sampling_priority_v1');

/**
 * Whether the span's prefix depends only on what `prefixRepeats` compares: no meta or metrics
 * of its own, no JSON, at most one span event.
 */
export function hasSimpleTail(span: CompactSpanRecord, eventCount: number): boolean {
  return (
    eventCount <= 1 &&
    span.extraMeta === undefined &&
    span.extraMetrics === undefined &&
    span.eventsJson === undefined &&
    span.linksJson === undefined
  );
}

/** The record's own meta entries (`extraMeta`); returns how many. */
export function writeExtraMeta(writer: MsgpackWriter, extra: Record<string, string> | undefined): number {
  if (extra === undefined) return 0;
  let count = 0;
  for (const key in extra) {
    const value = extra[key];
    if (typeof value !== 'string') continue;
    writeKey(writer, key);
    writer.str(value);
    count++;
  }
  return count;
}

/** The span events and links meta entries, when they are JSON; returns how many. */
export function writeJsonMeta(writer: MsgpackWriter, span: CompactSpanRecord): number {
  let count = 0;
  if (span.eventsJson !== undefined) {
    writer.raw(KEY_EVENTS);
    writer.strUnique(span.eventsJson);
    count++;
  }
  if (span.linksJson !== undefined) {
    writer.raw(KEY_SPAN_LINKS);
    writer.strUnique(span.linksJson);
    count++;
  }
  return count;
}

/** `metrics` key, map32 header, the constant entries and the priority; returns the entry count. */
export function writeMetricsHead(writer: MsgpackWriter, span: CompactSpanRecord): number {
  const constants = span.constants;
  const priority = span.samplingPriority;
  const headIndex = v04MetricsHeadIndex(priority);
  if (headIndex >= 0) {
    writer.raw(constants.v04MetricsHeads[headIndex]!);
    return constants.metricCount + (headIndex > 0 ? 1 : 0);
  }
  writer.raw(constants.v04MetricsHeads[0]!);
  writer.raw(KEY_SAMPLING_PRIORITY);
  writer.number(priority!);
  return constants.metricCount + 1;
}

/** The record's own metrics entries; returns how many. */
export function writeExtraMetrics(writer: MsgpackWriter, extra: Record<string, number> | undefined): number {
  if (extra === undefined) return 0;
  let count = 0;
  for (const key in extra) {
    const value = extra[key];
    if (typeof value !== 'number' || value !== value) continue;
    writeKey(writer, key);
    writer.number(value);
    count++;
  }
  return count;
}
