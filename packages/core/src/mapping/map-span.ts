import type { Attributes } from '@opentelemetry/api';
import { SpanStatusCode } from '../internal/otel-api.js';
import { CompactSpanRecord } from '../encode/compact-span-record.js';
import { NO_CONSTANT_TAGS, type ConstantTags } from '../encode/constant-tags.js';
import { hexToWord, low64Hex } from '../span/ids.js';
import type { FinishedSpanData, LocalTraceData } from '../span/span-data.js';
import { durationNanos } from './duration.js';
import { epochMsToNanos, spanEventsToJson } from './events.js';
import { spanLinksToJson } from './links.js';
import type { MapperStatics } from './mapper-statics.js';
import {
  normalizeOperationName,
  normalizeResourceName,
  normalizeServiceName,
  normalizeSpanType,
  truncateMetaValue,
} from './normalize.js';
import { datadogOperationName, otelV2OperationName } from './operation-name.js';
import { TracerKeyOverlap, canPassThrough } from './pass-through.js';
import { otelV2Resource } from './resource.js';
import { isMeasuredKind, spanKindName } from './span-kind.js';
import { touchesAny, writeErrorFields, writeRootMetrics, writeTraceTags } from './span-tags.js';
import { mapPlainChild } from './plain-child.js';
import { RootExtras } from './root-extras.js';
import { otelV2SpanType } from './span-type.js';
import { AttributeScan, applyAttributes } from './tags.js';
import { ZERO_ID_HEX, traceIdLow } from './trace-id.js';

const EMPTY_ATTRIBUTES: Attributes = Object.freeze({});
const OTEL_LIBRARY_SCOPE_PREFIX = '@opentelemetry/instrumentation-';

function isOtelLibrary(scope: FinishedSpanData['instrumentationScope'] | undefined): boolean {
  const name = scope?.name;
  return typeof name === 'string' && name.startsWith(OTEL_LIBRARY_SCOPE_PREFIX);
}

/**
 * Maps one finished span to a Datadog span record. One instance per mapping context: it holds
 * the per-config statics and a reusable attribute scan.
 *
 * Tags that are the same on many spans come from the statics' pre-encoded constant blocks; the
 * record's own meta/metrics hold only what varies. When a span sets a key such a block also
 * holds (an attribute overriding `env` or a DD_TAGS key, a trace tag named like a tracer tag…),
 * the span is mapped again the plain way, every tag in its own objects with the precedence
 * rules of tags.ts, so the two ways always give the same tags.
 */
export class SpanMapper {
  private readonly scan = new AttributeScan();
  private readonly rootExtras = new RootExtras();
  private readonly tracerKeyOverlap = new TracerKeyOverlap();
  private lastTraceId = '';
  private lastTraceIdHigh = 0;
  private lastTraceIdLow = 0;
  private lastScope: FinishedSpanData['instrumentationScope'] | undefined = undefined;
  private lastScopeIsLibrary = false;
  /**
   * The last records mapped (a chunk's first, and any other), kept so that a full GC always
   * finds a live record, span attributes, events and tag objects of the usual shapes. V8 holds
   * hidden classes only weakly: when none of those objects happens to be alive at a full GC, it
   * drops their classes and deoptimizes every function compiled for them (this mapper, the
   * encoders), which then run slow until they are optimized again. Two records are a bounded
   * price; they hold no span or trace, only the tags and events the encoder already wrote. Set
   * by the chunk mapper through `keepShapesAlive`.
   */
  private keptFirstRecord: CompactSpanRecord | undefined = undefined;
  private keptRecord: CompactSpanRecord | undefined = undefined;

  constructor(readonly statics: MapperStatics) {}

  /** Keeps a chunk's first and last records (see above); once per chunk, not per span. */
  keepShapesAlive(first: CompactSpanRecord, last: CompactSpanRecord): void {
    this.keptFirstRecord = first;
    if (last !== first) this.keptRecord = last;
  }

  map(span: FinishedSpanData, isFirstInChunk: boolean, nativeSpanEvents: boolean): CompactSpanRecord {
    return this.mapInto(new CompactSpanRecord(), span, isFirstInChunk, nativeSpanEvents);
  }

  /** `map` into `record`, which must be new or `reset()`; returns it. */
  mapInto(record: CompactSpanRecord, span: FinishedSpanData, isFirstInChunk: boolean, nativeSpanEvents: boolean): CompactSpanRecord {
    const constants = this.constantsFor(span);
    if (
      constants === undefined ||
      !(
        (!isFirstInChunk && mapPlainChild(record, span, this.statics, constants, nativeSpanEvents)) ||
        this.mapTags(record, span, isFirstInChunk, nativeSpanEvents, constants)
      )
    ) {
      this.mapTags(record, span, isFirstInChunk, nativeSpanEvents, undefined);
    }
    this.setTraceId(record, span.trace);
    if (span.spanIdLow !== undefined && span.spanIdHigh !== undefined) {
      record.spanIdHigh = span.spanIdHigh;
      record.spanIdLow = span.spanIdLow;
    } else {
      const spanId = low64Hex(span.spanIdHex);
      record.spanIdHigh = hexToWord(spanId, 0);
      record.spanIdLow = hexToWord(spanId, 8);
    }
    if (span.parentIdLow !== undefined && span.parentIdHigh !== undefined) {
      record.parentIdHigh = span.parentIdHigh;
      record.parentIdLow = span.parentIdLow;
    } else {
      const parentId = low64Hex(span.parentSpanIdHex ?? ZERO_ID_HEX);
      record.parentIdHigh = hexToWord(parentId, 0);
      record.parentIdLow = hexToWord(parentId, 8);
    }
    record.start = epochMsToNanos(span.startMs);
    record.duration = durationNanos(span.startMs, span.endMs);
    return record;
  }

  /** The constant block for the span's kind and integration; undefined maps everything plainly. */
  private constantsFor(span: FinishedSpanData): ConstantTags | undefined {
    const variants = this.statics.constantTags;
    const kind = span.kind as number;
    if (variants === undefined || !(kind === 0 || kind === 1 || kind === 2 || kind === 3 || kind === 4)) {
      return undefined;
    }
    const scope = span.instrumentationScope;
    if (scope !== this.lastScope || scope === undefined) {
      this.lastScope = scope;
      this.lastScopeIsLibrary = isOtelLibrary(scope);
    }
    return variants[kind * 2 + (this.lastScopeIsLibrary ? 1 : 0)];
  }

  /**
   * Names, service, error and tags. With `constants`, returns false (leaving the record to be
   * overwritten) when the span touches a key the block holds; without, writes every tag.
   */
  private mapTags(
    record: CompactSpanRecord,
    span: FinishedSpanData,
    isFirstInChunk: boolean,
    nativeSpanEvents: boolean,
    constants: ConstantTags | undefined,
  ): boolean {
    const { statics, scan } = this;
    const plain = constants === undefined;
    const reserved = plain ? undefined : statics.reservedKeys;
    const attributes = span.attributes ?? EMPTY_ATTRIBUTES;
    scan.reset();
    let meta: Record<string, string> | undefined;
    let metrics: Record<string, number> | undefined;
    // Passing the attributes through saves copying each of them into meta/metrics objects (a
    // request span has 15–20) and walking those copies again in the encoder.
    const passThrough = !plain && canPassThrough(attributes, statics, scan);
    if (passThrough) {
      record.passThroughAttributes = attributes;
    } else {
      scan.reset();
      record.passThroughAttributes = undefined;
      meta = {};
      metrics = {};
      if (plain) {
        // Config tags first: span attributes may override them (tags.ts).
        const globalTagKeys = statics.globalTagKeys;
        for (let i = 0; i < globalTagKeys.length; i++) meta[globalTagKeys[i]!] = statics.globalTagValues[i]!;
        if (statics.env !== undefined) meta.env = statics.env;
        if (statics.version !== undefined) meta.version = statics.version;
      }
      applyAttributes(attributes, meta, metrics, scan, statics);
    }

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
    record.name = name = normalizeOperationName(name);
    record.resource = normalizeResourceName(resource, name);
    record.type = normalizeSpanType(type);

    const service = scan.serviceName === undefined ? statics.service : normalizeServiceName(scan.serviceName);
    record.service = service;
    if (service !== statics.service && service.toLowerCase() !== statics.serviceLower) {
      meta ??= {};
      meta['_dd.base_service'] = statics.serviceLower;
      meta['_dd.svc_src'] = 'm';
    }

    let error = scan.error || span.statusCode === SpanStatusCode.ERROR;
    if (span.error !== undefined && span.error !== null) {
      if (span.error.flagged) error = true;
      writeErrorFields((meta ??= {}), span.error);
    }
    record.error = error ? 1 : 0;

    const trace = span.trace;
    if (plain) {
      meta ??= {};
      meta.language = 'javascript';
      meta['runtime-id'] = statics.runtimeId;
      if (statics.hostname !== undefined) meta['_dd.hostname'] = statics.hostname;
      meta['span.kind'] = spanKindName(kind);
      meta['_dd.integration'] = isOtelLibrary(span.instrumentationScope) ? 'otel.library' : 'otel';
    }
    if (typeof trace.origin === 'string' && trace.origin !== '') {
      (meta ??= {})['_dd.origin'] = truncateMetaValue(trace.origin);
    }
    const priority = trace.samplingPriority;
    const hasPriority = typeof priority === 'number' && priority === priority;
    if (plain) {
      metrics ??= {};
      metrics.process_id = statics.processId;
      if (hasPriority) metrics._sampling_priority_v1 = priority;
      if (isMeasuredKind(kind)) metrics['_dd.measured'] = 1;
    }
    record.samplingPriority = !plain && hasPriority ? priority : undefined;
    // The constant block of a measured kind holds `_dd.measured`; an internal span may set it.
    if (!isMeasuredKind(kind) && scan.measured !== undefined) (metrics ??= {})['_dd.measured'] = scan.measured;
    if (span.isLocalRoot && isFirstInChunk && !plain && meta === undefined && metrics === undefined) {
      // Everything left comes from the trace: objects shared with the last such root (root-extras.ts).
      const extras = this.rootExtras;
      if (!extras.build(trace, reserved)) return false;
      meta = extras.meta;
      metrics = extras.metrics;
    } else {
      if (span.isLocalRoot) {
        metrics ??= {};
        // Also for a local root with a remote parent: it is where this service's part begins.
        metrics['_dd.top_level'] = 1;
        if (!writeRootMetrics(metrics, trace.rootMetrics, reserved)) return false;
      }
      if (isFirstInChunk && !writeTraceTags((meta ??= {}), (metrics ??= {}), trace, reserved)) return false;
    }
    if (!plain && touchesAny(statics.globalKeys, meta, metrics)) return false;
    // The tracer's own tags win over attributes: only the plain mapping can drop the attribute
    // (`_dd.p.tid` too, which the chunk's first span loses when the trace id has no high half).
    if (passThrough && this.tracerKeyOverlap.check(attributes, meta, metrics, isFirstInChunk)) return false;

    record.nativeEvents = undefined;
    record.eventsJson = undefined;
    const events = span.events;
    if (events !== undefined && events !== null && events.length > 0) {
      if (nativeSpanEvents) {
        record.nativeEvents = events;
      } else {
        const json = spanEventsToJson(events);
        if (json !== undefined) {
          if (plain) (meta ??= {}).events = json;
          else record.eventsJson = json;
        }
      }
    }
    record.linksJson = undefined;
    const links = span.links;
    if (links !== undefined && links !== null && links.length > 0) {
      const json = spanLinksToJson(links);
      if (json !== undefined) {
        if (plain) (meta ??= {})['_dd.span_links'] = json;
        else record.linksJson = json;
      }
    }
    record.constants = constants ?? NO_CONSTANT_TAGS;
    record.extraMeta = meta;
    record.extraMetrics = metrics;
    return true;
  }

  /**
   * The low 64 bits of the trace id: the words of an id this process drew, else parsed from the
   * text (once per chunk: its spans share one id).
   */
  private setTraceId(record: CompactSpanRecord, trace: LocalTraceData): void {
    const idLow = trace.idLow;
    if (idLow !== undefined) {
      record.traceIdHigh = trace.idLowHigh ?? 0;
      record.traceIdLow = idLow;
      return;
    }
    const traceId = trace.traceId;
    if (traceId !== this.lastTraceId) {
      const low = traceIdLow(traceId);
      this.lastTraceId = traceId;
      this.lastTraceIdHigh = hexToWord(low, 0);
      this.lastTraceIdLow = hexToWord(low, 8);
    }
    record.traceIdHigh = this.lastTraceIdHigh;
    record.traceIdLow = this.lastTraceIdLow;
  }
}
