import { SpanStatusCode } from '../internal/otel-api.js';
import type { CompactSpanRecord } from '../encode/compact-span-record.js';
import type { ConstantTags } from '../encode/constant-tags.js';
import type { FinishedSpanData } from '../span/span-data.js';
import { spanEventsToJson } from './events.js';
import type { MapperStatics } from './mapper-statics.js';
import { normalizeOperationName, normalizeResourceName } from './normalize.js';
import { canPassThrough } from './pass-through.js';

/**
 * The shortcut for the most common span of all: a child (not a chunk's first span, not a local
 * root) in `datadog` naming whose attributes pass through unmapped, with a name, no error, no
 * links and no origin. Everything `SpanMapper.mapTags` would compute for it is then fixed (the
 * name is the span name, the resource too, no type, the tracer's service, no extra meta or
 * metrics), so this writes it directly. Returns false, having written nothing that the full
 * mapping does not overwrite, when the span is not such a child. The property tests compare
 * both ways with a reference mapper.
 */
export function mapPlainChild(
  record: CompactSpanRecord,
  span: FinishedSpanData,
  statics: MapperStatics,
  constants: ConstantTags,
  nativeSpanEvents: boolean,
): boolean {
  const spanName = span.name;
  if (
    statics.naming !== 'datadog' ||
    span.isLocalRoot ||
    typeof spanName !== 'string' ||
    spanName === '' ||
    span.statusCode === SpanStatusCode.ERROR ||
    (span.error !== undefined && span.error !== null) ||
    (span.links !== undefined && span.links !== null && span.links.length > 0)
  ) {
    return false;
  }
  const trace = span.trace;
  const origin = trace.origin;
  if (typeof origin === 'string' && origin !== '') return false;
  const attributes = span.attributes;
  if (attributes === undefined || attributes === null || !canPassThrough(attributes, statics)) return false;

  record.passThroughAttributes = attributes;
  const name = normalizeOperationName(spanName);
  record.name = name;
  record.resource = normalizeResourceName(spanName, name);
  record.type = '';
  record.service = statics.service;
  record.error = 0;
  const priority = trace.samplingPriority;
  record.samplingPriority = typeof priority === 'number' && priority === priority ? priority : undefined;
  record.nativeEvents = undefined;
  record.eventsJson = undefined;
  const events = span.events;
  if (events !== undefined && events !== null && events.length > 0) {
    if (nativeSpanEvents) record.nativeEvents = events;
    else record.eventsJson = spanEventsToJson(events);
  }
  record.linksJson = undefined;
  record.constants = constants;
  record.extraMeta = undefined;
  record.extraMetrics = undefined;
  return true;
}
