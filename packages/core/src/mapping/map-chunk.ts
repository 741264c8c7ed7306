import type { ResolvedConfig } from '../config/options.js';
import type { CompactSpanRecord } from '../encode/compact-span-record.js';
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

function mapWith(
  mapper: SpanMapper,
  spans: readonly FinishedSpanData[],
  context: MappingContext,
): DatadogSpanRecord[] {
  const nativeSpanEvents = context.nativeSpanEvents && context.protocolVersion === '0.4';
  const records: DatadogSpanRecord[] = new Array(spans.length);
  let record: CompactSpanRecord | undefined;
  for (let i = 0; i < spans.length; i++) {
    records[i] = record = mapper.map(spans[i] as FinishedSpanData, i === 0, nativeSpanEvents);
  }
  if (record !== undefined) mapper.keepShapesAlive(records[0] as CompactSpanRecord, record);
  return records;
}

/**
 * Builds a mapper for one context: the per-config work (global meta, hostname, service
 * comparisons) is done here once. `nativeSpanEvents` and `protocolVersion` are read on every
 * call, so the exporter may flip them (e.g. after the Agent's `/info` answers).
 */
export function createChunkMapper(context: MappingContext): ChunkMapper {
  const mapper = new SpanMapper(buildMapperStatics(context));
  return (spans) => mapWith(mapper, spans, context);
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
  return mapWith(mapperFor(context), spans, context);
}
