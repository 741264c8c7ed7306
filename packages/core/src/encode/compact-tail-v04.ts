import { writeIdWords, type CompactSpanRecord } from './compact-span-record.js';
import type { MsgpackWriter } from './msgpack-writer.js';
import { preEncode, preEncodeTemplate, WORD_HOLE, type PreEncodedTemplate } from './pre-encoded.js';
import { epochMsToNanos, type NativeSpanEventSource } from './span-event-values.js';
import { writeEventTime } from './span-events-v04.js';

// The end of a v0.4 span map as compact-span-v04.ts lays it out: what changes on every span.

/** The three ids as uint64 and the `start` key; the holes take the ids' 32-bit halves. */
const IDS_THEN_KEY_START = preEncodeTemplate(
  'trace_id', 0xcf, WORD_HOLE, WORD_HOLE,
  'span_id', 0xcf, WORD_HOLE, WORD_HOLE,
  'parent_id', 0xcf, WORD_HOLE, WORD_HOLE,
  'start',
);
/**
 * The usual tail in one write: the last event's time (second variant only), the ids, `start`
 * (a uint64: any real epoch time is ≥ 2^32, which `int` also writes as uint64) and the
 * `duration` key; the duration's value follows.
 */
const TAIL_TEMPLATES = [
  preEncodeTemplate(
    'trace_id', 0xcf, WORD_HOLE, WORD_HOLE,
    'span_id', 0xcf, WORD_HOLE, WORD_HOLE,
    'parent_id', 0xcf, WORD_HOLE, WORD_HOLE,
    'start', 0xcf, WORD_HOLE, WORD_HOLE,
    'duration',
  ),
  preEncodeTemplate(
    0xcf, WORD_HOLE, WORD_HOLE,
    'trace_id', 0xcf, WORD_HOLE, WORD_HOLE,
    'span_id', 0xcf, WORD_HOLE, WORD_HOLE,
    'parent_id', 0xcf, WORD_HOLE, WORD_HOLE,
    'start', 0xcf, WORD_HOLE, WORD_HOLE,
    'duration',
  ),
] as const;
const TWO_POW_32 = 4294967296;
const TWO_POW_63 = 9223372036854775808;
const KEY_DURATION = preEncode('duration');
const idWords = new Int32Array(6);

/** The tail template of a span with (`lastEvent` given) or without span events. */
export function tailTemplate(lastEvent: NativeSpanEventSource | undefined): PreEncodedTemplate {
  return TAIL_TEMPLATES[lastEvent !== undefined ? 1 : 0];
}

/**
 * The words of the tail template into `words` (10 of them), when `start` is an integer in the
 * uint64 range of real epoch times (≥ 2^32); false otherwise (the tail is then written piecewise).
 */
export function fillTailWords(words: Int32Array, span: CompactSpanRecord, lastEvent: NativeSpanEventSource | undefined): boolean {
  const start = span.start;
  if (!(start >= TWO_POW_32 && start < TWO_POW_63 && start === Math.floor(start))) return false;
  let i = 0;
  if (lastEvent !== undefined) {
    // As `uint64FromNumber`: epoch nanoseconds are a non-negative integer below 2^64.
    const time = epochMsToNanos(lastEvent.timeMs);
    const high = Math.floor(time / TWO_POW_32);
    words[i++] = high;
    words[i++] = time - high * TWO_POW_32;
  }
  words[i++] = span.traceIdHigh;
  words[i++] = span.traceIdLow;
  words[i++] = span.spanIdHigh;
  words[i++] = span.spanIdLow;
  words[i++] = span.parentIdHigh;
  words[i++] = span.parentIdLow;
  const startHigh = Math.floor(start / TWO_POW_32);
  words[i++] = startHigh;
  words[i] = start - startHigh * TWO_POW_32;
  return true;
}

/**
 * The last event's time, the ids, start and duration (`words` is scratch space for
 * `fillTailWords`). Returns whether the tail template was used.
 */
export function writeTail(
  writer: MsgpackWriter,
  span: CompactSpanRecord,
  lastEvent: NativeSpanEventSource | undefined,
  words: Int32Array,
): boolean {
  if (fillTailWords(words, span, lastEvent)) {
    const tail = tailTemplate(lastEvent);
    writer.rawWithWords(tail.template, tail.holes, words);
    writer.int(span.duration);
    return true;
  }
  if (lastEvent !== undefined) writeEventTime(writer, lastEvent);
  const ids = idWords;
  writeIdWords(ids, span);
  writer.rawWithWords(IDS_THEN_KEY_START.template, IDS_THEN_KEY_START.holes, ids);
  writer.int(span.start);
  writer.raw(KEY_DURATION);
  writer.int(span.duration);
  return false;
}
