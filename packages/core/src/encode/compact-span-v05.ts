import { isPassThroughNamingKey, writeIdWords, type CompactSpanRecord } from './compact-span-record.js';
import type { MsgpackWriter } from './msgpack-writer.js';
import { preEncodeTemplate, WORD_HOLE, type PreEncoded } from './pre-encoded.js';
import {
  RECENT_EVENTS_KEY,
  RECENT_KEY,
  RECENT_LINKS_KEY,
  RECENT_NAME,
  RECENT_RESOURCE,
  RECENT_SERVICE,
  RECENT_TYPE,
  type StringTable,
} from './string-table.js';

const TWO_POW_32 = 4294967296;
const TWO_POW_63 = 9223372036854775808;
/** trace_id, span_id, parent_id as uint64, from their 32-bit halves. */
const IDS = preEncodeTemplate(0xcf, WORD_HOLE, WORD_HOLE, 0xcf, WORD_HOLE, WORD_HOLE, 0xcf, WORD_HOLE, WORD_HOLE);
/** The ids, then `start` as uint64 (what `int` writes for any real epoch time in ns, ≥ 2^32). */
const IDS_AND_START = preEncodeTemplate(
  0xcf, WORD_HOLE, WORD_HOLE,
  0xcf, WORD_HOLE, WORD_HOLE,
  0xcf, WORD_HOLE, WORD_HOLE,
  0xcf, WORD_HOLE, WORD_HOLE,
);
const idWords = new Int32Array(8);

/**
 * A `CompactSpanRecord` as a v0.5 span (12-element array of table indices and numbers): the
 * same entries as its `meta`/`metrics` views. Constant tags are copied as per-payload blocks of
 * indices, JSON values are appended to the table without deduplication, and native span events
 * don't exist in v0.5 (the mapper put them in `eventsJson`).
 */
export function writeCompactSpanV05(w: MsgpackWriter, table: StringTable, span: CompactSpanRecord): void {
  // fixarray(12): the Agent requires exactly 12 elements.
  w.arrayHeader(12);
  w.index(table.recentIndexOf(RECENT_SERVICE, span.service));
  w.index(table.recentIndexOf(RECENT_NAME, span.name));
  w.index(table.recentIndexOf(RECENT_RESOURCE, span.resource));
  const ids = idWords;
  writeIdWords(ids, span);
  const start = span.start;
  if (start >= TWO_POW_32 && start < TWO_POW_63 && start === Math.floor(start)) {
    const startHigh = Math.floor(start / TWO_POW_32);
    ids[6] = startHigh;
    ids[7] = start - startHigh * TWO_POW_32;
    w.rawWithWords(IDS_AND_START.template, IDS_AND_START.holes, ids);
  } else {
    w.rawWithWords(IDS.template, IDS.holes, ids);
    w.int(start);
  }
  w.int(span.duration);
  w.index(span.error === 1 ? 1 : 0);
  const blocks = table.constantIndexBlocks(span.constants);
  writeMeta(w, table, span, blocks.meta);
  writeMetrics(w, table, span, blocks.metrics);
  // '' is always index 0 (the table's first string).
  w.index(span.type === '' ? 0 : table.recentIndexOf(RECENT_TYPE, span.type));
}

function writeMeta(w: MsgpackWriter, table: StringTable, span: CompactSpanRecord, constants: PreEncoded): void {
  const header = w.mapPlaceholder();
  w.raw(constants);
  let count = span.constants.metaCount;
  const attributes = span.passThroughAttributes;
  if (attributes !== undefined) {
    for (const key in attributes) {
      const value = attributes[key];
      if (typeof value !== 'string' || isPassThroughNamingKey(key)) continue;
      w.index(table.indexOf(key));
      w.index(table.indexOf(value));
      count++;
    }
  }
  const extra = span.extraMeta;
  if (extra !== undefined) {
    for (const key in extra) {
      const value = extra[key];
      if (typeof value !== 'string') continue;
      w.index(table.indexOf(key));
      w.index(table.indexOf(value));
      count++;
    }
  }
  if (span.eventsJson !== undefined) {
    w.index(table.recentIndexOf(RECENT_EVENTS_KEY, 'events'));
    w.index(table.appendUnique(span.eventsJson));
    count++;
  }
  if (span.linksJson !== undefined) {
    w.index(table.recentIndexOf(RECENT_LINKS_KEY, '_dd.span_links'));
    w.index(table.appendUnique(span.linksJson));
    count++;
  }
  w.patchMapCount(header, count);
}

function writeMetrics(w: MsgpackWriter, table: StringTable, span: CompactSpanRecord, constants: PreEncoded): void {
  const header = w.mapPlaceholder();
  w.raw(constants);
  let count = span.constants.metricCount;
  if (span.samplingPriority !== undefined) {
    w.index(table.recentIndexOf(RECENT_KEY, '_sampling_priority_v1'));
    w.number(span.samplingPriority);
    count++;
  }
  const attributes = span.passThroughAttributes;
  if (attributes !== undefined) {
    for (const key in attributes) {
      const value = attributes[key];
      if (typeof value === 'number') {
        if (value !== value) continue;
        w.index(table.indexOf(key));
        w.number(value);
      } else if (typeof value === 'boolean') {
        w.index(table.indexOf(key));
        w.index(value ? 1 : 0);
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
      w.index(table.indexOf(key));
      w.number(value);
      count++;
    }
  }
  w.patchMapCount(header, count);
}
