import type { ResolvedConfig } from '../config/options.js';
import { CompactSpanRecord } from '../encode/compact-span-record.js';
import type { DatadogSpanRecord } from '../encode/span-record.js';
import type { FinishedSpanData } from '../span/span-data.js';
import { buildMapperStatics } from './mapper-statics.js';
import { SpanMapper } from './map-span.js';

/** What the mapper needs besides the spans. */
export interface MappingContext {
  readonly config: ResolvedConfig;
  /** The Agent accepts native `span_events` (config + `/info`); only used with v0.4. */
  readonly nativeSpanEvents: boolean;
  readonly protocolVersion: '0.4' | '0.5';
  /** Reported as `_dd.hostname` when `config.reportHostname`; defaults to `os.hostname()`. */
  readonly hostname?: string;
  readonly processId: number;
  /** Lower-cased tracer service for `_dd.base_service`; defaults to `config.service` lower-cased. */
  readonly tracerServiceLower?: string;
}

/** Maps the spans of one trace chunk, in order; `spans[0]` carries the trace tags. */
export type ChunkMapper = (spans: readonly FinishedSpanData[]) => DatadogSpanRecord[];

/**
 * Most records a chunk mapper keeps for reuse: a chunk's spans past this get new records, so a
 * single huge trace does not leave thousands of records (and the tags they point at) behind.
 */
export const MAX_REUSED_RECORDS = 128;

function mapWith(
  mapper: SpanMapper,
  spans: readonly FinishedSpanData[],
  context: MappingContext,
  reusable: CompactSpanRecord[] | undefined,
): DatadogSpanRecord[] {
  const nativeSpanEvents = context.nativeSpanEvents && context.protocolVersion === '0.4';
  const records: DatadogSpanRecord[] = new Array(spans.length);
  let record: CompactSpanRecord | undefined;
  for (let i = 0; i < spans.length; i++) {
    const span = spans[i] as FinishedSpanData;
    if (reusable !== undefined && i < MAX_REUSED_RECORDS) {
      record = reusable[i];
      if (record === undefined) reusable.push((record = new CompactSpanRecord()));
      else record.reset();
      records[i] = mapper.mapInto(record, span, i === 0, nativeSpanEvents);
    } else {
      records[i] = record = mapper.map(span, i === 0, nativeSpanEvents);
    }
  }
  // Reused records stay alive with the mapper anyway; only fresh ones need keeping (see there).
  if (reusable === undefined && record !== undefined) mapper.keepShapesAlive(records[0] as CompactSpanRecord, record);
  return records;
}

/**
 * Builds a mapper for one context: the per-config work (global meta, hostname, service
 * comparisons) is done here once. `nativeSpanEvents` and `protocolVersion` are read on every
 * call, so the exporter may flip them (e.g. after the Agent's `/info` answers).
 *
 * The records it returns are valid until its next call: it maps every chunk into the same
 * records (`reset()` between uses), so a caller must be done with them by then — the exporter
 * encodes a chunk before the next one is mapped. Reusing them saves a record's allocation per
 * span (~200 bytes, a third of a traced request's). `mapChunk` returns records of their own.
 */
export function createChunkMapper(context: MappingContext): ChunkMapper {
  const mapper = new SpanMapper(buildMapperStatics(context));
  const reusable: CompactSpanRecord[] = [];
  return (spans) => mapWith(mapper, spans, context, reusable);
}

interface CachedMapper {
  readonly hostname: string | undefined;
  readonly processId: number;
  readonly tracerServiceLower: string | undefined;
  readonly mapper: SpanMapper;
}

/**
 * Keyed by the (frozen, long-lived) config rather than the context, because callers may build
 * a fresh context object per chunk.
 */
const mappersByConfig = new WeakMap<ResolvedConfig, CachedMapper>();

function mapperFor(context: MappingContext): SpanMapper {
  const cached = mappersByConfig.get(context.config);
  if (
    cached !== undefined &&
    cached.hostname === context.hostname &&
    cached.processId === context.processId &&
    cached.tracerServiceLower === context.tracerServiceLower
  ) {
    return cached.mapper;
  }
  const mapper = new SpanMapper(buildMapperStatics(context));
  mappersByConfig.set(context.config, {
    hostname: context.hostname,
    processId: context.processId,
    tracerServiceLower: context.tracerServiceLower,
    mapper,
  });
  return mapper;
}

/**
 * Maps finished OTel spans (one chunk of one trace, in start order) to Datadog span records.
 * Per-config work is cached per config object (rebuilt when the context's hostname, process
 * id or tracer service change), so passing a fresh context per chunk is cheap.
 */
export function mapChunk(
  spans: readonly FinishedSpanData[],
  context: MappingContext,
): DatadogSpanRecord[] {
  return mapWith(mapperFor(context), spans, context, undefined);
}
