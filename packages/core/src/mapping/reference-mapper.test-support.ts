import { SpanStatusCode, type Attributes } from '@opentelemetry/api';
import type { SpanEventRecord } from '../encode/span-record.js';
import type { FinishedSpanData, LocalTraceData, SpanErrorData } from '../span/span-data.js';
import { epochMsToNanos, spanEventsToJson, toNativeSpanEvents } from './events.js';
import { spanLinksToJson } from './links.js';
import type { MapperStatics } from './mapper-statics.js';
import {
  normalizeOperationName,
  normalizeResourceName,
  normalizeServiceName,
  normalizeSpanType,
  truncateMetaValue,
  truncateTagKey,
} from './normalize.js';
import { datadogOperationName, otelV2OperationName } from './operation-name.js';
import { otelV2Resource } from './resource.js';
import { isMeasuredKind, spanKindName } from './span-kind.js';
import { otelV2SpanType } from './span-type.js';
import { AttributeScan, applyAttributes } from './tags.js';
import { ZERO_ID_HEX, traceIdHigh, traceIdLow } from './trace-id.js';

const EMPTY_ATTRIBUTES: Attributes = Object.freeze({});
const OTEL_LIBRARY_SCOPE_PREFIX = '@opentelemetry/instrumentation-';

function integrationName(scope: FinishedSpanData['instrumentationScope'] | undefined): string {
  const name = scope?.name;
  return typeof name === 'string' && name.startsWith(OTEL_LIBRARY_SCOPE_PREFIX) ? 'otel.library' : 'otel';
}

/** Copies a recorded error field unless the user already set it as an attribute. */
function copyErrorField(meta: Record<string, string>, key: string, value: unknown): void {
  if (typeof value === 'string' && meta[key] === undefined) meta[key] = truncateMetaValue(value);
}

function writeErrorFields(meta: Record<string, string>, error: SpanErrorData): void {
  copyErrorField(meta, 'error.type', error.type);
  copyErrorField(meta, 'error.message', error.message);
  copyErrorField(meta, 'error.stack', error.stack);
}

/** Chunk-level trace tags on the chunk's first span; the tracer's values win (tags.ts). */
function writeTraceTags(
  meta: Record<string, string>,
  metrics: Record<string, number>,
  trace: LocalTraceData,
): void {
  const tags = trace.tags;
  for (const key in tags) {
    // Derived from the trace id below, so a stale or missing tag can't disagree with the id.
    if (key === '_dd.p.tid') continue;
    const value = tags[key];
    if (typeof value !== 'string') continue;
    const tagKey = truncateTagKey(key);
    meta[tagKey] = truncateMetaValue(value);
    if (metrics[tagKey] !== undefined) delete metrics[tagKey];
  }
  const high = traceIdHigh(trace.traceId);
  if (high !== undefined) {
    meta['_dd.p.tid'] = high;
    if (metrics['_dd.p.tid'] !== undefined) delete metrics['_dd.p.tid'];
  } else if (meta['_dd.p.tid'] !== undefined) {
    delete meta['_dd.p.tid'];
  }
}

function writeRootMetrics(metrics: Record<string, number>, rootMetrics: Record<string, number>): void {
  for (const key in rootMetrics) {
    const value = rootMetrics[key];
    if (typeof value === 'number' && value === value) metrics[key] = value;
  }
}

function startNanos(startMs: number): number {
  return epochMsToNanos(startMs);
}

/** int64 nanoseconds cap (≈ 292 years): anything longer is a broken clock, reported as 0. */
const MAX_DURATION_NS = 9_223_372_036_854_775_000;

function durationNanos(startMs: number, endMs: number): number {
  const duration = Math.round((endMs - startMs) * 1e6);
  return duration > 0 && duration <= MAX_DURATION_NS ? duration : 0; // also turns NaN into 0
}

/** What the pre-constant-block mapper produced: the reference the new records must equal. */
export interface ReferenceRecord {
  traceId: string;
  spanId: string;
  parentId: string;
  name: string;
  resource: string;
  service: string;
  type: string;
  error: 0 | 1;
  start: number;
  duration: number;
  meta: Record<string, string>;
  metrics: Record<string, number>;
  spanEvents?: SpanEventRecord[];
}

/**
 * The span mapper as it was before tags were split into constant blocks and record parts,
 * kept verbatim (test only) so property tests can check the new mapper gives the same tags.
 */
export class ReferenceSpanMapper {
  private readonly scan = new AttributeScan();
  private lastTraceId = '';
  private lastTraceIdLow = '';

  constructor(readonly statics: MapperStatics) {}

  map(span: FinishedSpanData, isFirstInChunk: boolean, nativeSpanEvents: boolean): ReferenceRecord {
    const { statics, scan } = this;
    const meta: Record<string, string> = {};
    const metrics: Record<string, number> = {};
    // Config tags first: span attributes may override them (tags.ts).
    const globalTagKeys = statics.globalTagKeys;
    for (let i = 0; i < globalTagKeys.length; i++) {
      meta[globalTagKeys[i] as string] = statics.globalTagValues[i] as string;
    }
    if (statics.env !== undefined) meta.env = statics.env;
    if (statics.version !== undefined) meta.version = statics.version;
    const attributes = span.attributes ?? EMPTY_ATTRIBUTES;
    scan.reset();
    applyAttributes(attributes, meta, metrics, scan, statics);

    const kind = span.kind;
    const spanName = typeof span.name === 'string' ? span.name : String(span.name ?? '');
    let name: string;
    let resource: string;
    let type: string;
    if (statics.naming === 'otel-v2') {
      name = otelV2OperationName(kind, attributes);
      resource = scan.resourceName || otelV2Resource(kind, attributes, spanName);
      type = scan.spanType || otelV2SpanType(kind, attributes);
    } else {
      name = datadogOperationName(spanName, scan.operationName, kind, attributes);
      resource = scan.resourceName ?? spanName;
      type = scan.spanType ?? '';
    }
    name = normalizeOperationName(name);
    resource = normalizeResourceName(resource, name);
    type = normalizeSpanType(type);

    const service = scan.serviceName === undefined ? statics.service : normalizeServiceName(scan.serviceName);
    if (service !== statics.service && service.toLowerCase() !== statics.serviceLower) {
      meta['_dd.base_service'] = statics.serviceLower;
      meta['_dd.svc_src'] = 'm';
    }

    let error = scan.error || span.statusCode === SpanStatusCode.ERROR;
    if (span.error !== undefined && span.error !== null) {
      if (span.error.flagged) error = true;
      writeErrorFields(meta, span.error);
    }

    const trace = span.trace;
    meta.language = 'javascript';
    meta['runtime-id'] = statics.runtimeId;
    if (statics.hostname !== undefined) meta['_dd.hostname'] = statics.hostname;
    meta['span.kind'] = spanKindName(kind);
    meta['_dd.integration'] = integrationName(span.instrumentationScope);
    if (typeof trace.origin === 'string' && trace.origin !== '') {
      meta['_dd.origin'] = truncateMetaValue(trace.origin);
    }
    metrics.process_id = statics.processId;
    const priority = trace.samplingPriority;
    if (typeof priority === 'number' && priority === priority) metrics._sampling_priority_v1 = priority;
    if (isMeasuredKind(kind)) metrics['_dd.measured'] = 1;
    else if (scan.measured !== undefined) metrics['_dd.measured'] = scan.measured;
    if (span.isLocalRoot) {
      // Also for a local root with a remote parent: it is where this service's part begins.
      metrics['_dd.top_level'] = 1;
      writeRootMetrics(metrics, trace.rootMetrics);
    }
    if (isFirstInChunk) writeTraceTags(meta, metrics, trace);

    const record: ReferenceRecord = {
      traceId: this.lowTraceId(trace.traceId),
      spanId: span.spanIdHex,
      parentId: span.parentSpanIdHex ?? ZERO_ID_HEX,
      name,
      resource,
      service,
      type,
      error: error ? 1 : 0,
      start: startNanos(span.startMs),
      duration: durationNanos(span.startMs, span.endMs),
      meta,
      metrics,
    };

    const events = span.events;
    if (events !== undefined && events !== null && events.length > 0) {
      if (nativeSpanEvents) {
        record.spanEvents = toNativeSpanEvents(events);
      } else {
        const json = spanEventsToJson(events);
        if (json !== undefined) meta.events = json;
      }
    }
    const links = span.links;
    if (links !== undefined && links !== null && links.length > 0) {
      const json = spanLinksToJson(links);
      if (json !== undefined) meta['_dd.span_links'] = json;
    }
    return record;
  }

  /** Spans of a chunk share one trace id: slice it once. */
  private lowTraceId(traceId: string): string {
    if (traceId !== this.lastTraceId) {
      this.lastTraceId = traceId;
      this.lastTraceIdLow = traceIdLow(traceId);
    }
    return this.lastTraceIdLow;
  }
}
