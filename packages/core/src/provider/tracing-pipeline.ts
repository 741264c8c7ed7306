import type { Attributes, Context } from '@opentelemetry/api';
import type { ResolvedConfig } from '../config/options.js';
import type { AgentExporter } from '../export/agent-exporter.js';
import { recordDrop } from '../export/exporter-stats.js';
import type { ExporterStats } from '../export/exporter-stats.js';
import { logger } from '../internal/diag.js';
import { createChunkMapper } from '../mapping/map-chunk.js';
import type { ChunkMapper, MappingContext } from '../mapping/map-chunk.js';
import { addBaggageTags } from '../propagation/create-propagator.js';
import { applyManualSampling } from '../sampling/priority-sampler.js';
import type { PrioritySampler, SamplingRoot } from '../sampling/priority-sampler.js';
import { SpanSampler } from '../sampling/span-sampler.js';
import type { LocalTrace } from '../span/local-trace.js';
import type { DatadogSpan } from '../span/span.js';
import type { SpanPipeline } from '../span/span-pipeline.js';
import { putLocalRootFirst } from './chunk-order.js';
import { ChunksAwaitingExportStack } from './chunks-awaiting-export-stack.js';
import { ExportBatch } from './export-batch.js';
import { keepSampledSpans } from './keep-sampled-spans.js';
import { OpenTraces } from './open-traces.js';
import { ReadableSpanView } from './readable-span.js';
import type { SpanProcessor } from './span-processor.js';

const NO_ATTRIBUTES: Attributes = Object.freeze({});

/**
 * Everything that happens to a span between `startSpan` and the exporter: the sampling decision
 * (lazy, on the local root), span processors, chunk assembly (a chunk is complete when every span
 * of the local trace ended, or partially at `flushMinSpans`), mapping to Datadog records and
 * hand-off to the exporter.
 */
export class TracingPipeline implements SpanPipeline {
  private readonly processors: SpanProcessor[];
  private shutDown = false;
  private readonly openTraces = new OpenTraces();
  /** `nativeSpanEvents` is updated before each chunk (the Agent's `/info` may change it). */
  private readonly mappingContext: { -readonly [K in keyof MappingContext]: MappingContext[K] };
  /** Built on the first export: per-config work (hostname look-up…) only when tracing runs. */
  private mapChunk: ChunkMapper | undefined = undefined;
  private readonly awaitingExportStack: ChunksAwaitingExportStack;
  /** Completed chunks, mapped and encoded together once per event-loop turn. */
  private readonly batch = new ExportBatch((chunk) => this.exportChunk(chunk));
  /**
   * Config values read for every span or chunk, copied once: the resolved config object is in
   * V8's dictionary mode (slow properties), so each read of it is a hash look-up that optimized
   * code cannot inline. The config is frozen, so the copies never go stale.
   */
  private readonly enabled: boolean;
  private readonly flushMinSpans: number;
  private readonly protocolVersion: ResolvedConfig['protocolVersion'];
  private readonly nativeSpanEvents: ResolvedConfig['nativeSpanEvents'];
  /** `config.traceId128BitGeneration`, read by the tracer for every local root. */
  readonly traceId128BitGeneration: boolean;
  private readonly baggageTagKeys: readonly string[];
  /** Single-span rules, for the spans of dropped traces. */
  private readonly spanSampler: SpanSampler;
  private readonly service: string;
  /**
   * What the sampler sees of a local root, filled in for each one: `decide` is synchronous and
   * keeps no reference, so one object serves every trace instead of one allocated per request.
   */
  private readonly samplingRoot: { -readonly [K in keyof SamplingRoot]: SamplingRoot[K] } = {
    name: '',
    attributes: NO_ATTRIBUTES,
    service: '',
    resource: undefined,
  };

  constructor(
    readonly config: ResolvedConfig,
    private readonly sampler: PrioritySampler,
    private readonly exporter: AgentExporter | undefined,
    processors: readonly SpanProcessor[],
  ) {
    this.processors = [...processors];
    this.enabled = config.enabled;
    this.flushMinSpans = config.flushMinSpans;
    this.protocolVersion = config.protocolVersion;
    this.nativeSpanEvents = config.nativeSpanEvents;
    this.traceId128BitGeneration = config.traceId128BitGeneration;
    this.baggageTagKeys = config.baggageTagKeys;
    this.spanSampler = new SpanSampler(config.spanSamplingRules);
    this.service = config.service;
    this.mappingContext = {
      config,
      protocolVersion: config.protocolVersion,
      processId: process.pid,
      nativeSpanEvents: false,
    };
    this.awaitingExportStack = new ChunksAwaitingExportStack((chunk) => this.exportChunk(chunk));
  }

  /** False when tracing is disabled or the provider was shut down: spans become non-recording. */
  isRecording(): boolean {
    return this.enabled && !this.shutDown;
  }

  markShutDown(): void {
    this.shutDown = true;
  }

  addProcessor(processor: SpanProcessor): void {
    if (!this.processors.includes(processor)) this.processors.push(processor);
  }

  get spanProcessors(): readonly SpanProcessor[] {
    return this.processors;
  }

  onLocalRootStart(span: DatadogSpan, context: Context): void {
    try {
      addBaggageTags(context, this.baggageTagKeys, span.trace.tags);
    } catch (error) {
      this.reportInternalError('baggage tags', error);
    }
  }

  /**
   * The sampler's decision for a trace nobody decided yet, on its local root as it is now. Only
   * `LocalTrace.decideSampling` calls it, once it found the trace undecided: the first export of
   * the trace, or an earlier `inject()` or read of its `traceFlags`.
   */
  decideSampling(trace: LocalTrace): void {
    const span = trace.root;
    const root = this.samplingRoot;
    try {
      const attributes = span?.attributes ?? NO_ATTRIBUTES;
      // Literal keys: one shared `attributes[key]` load would see both and turn megamorphic.
      const service = attributes['service.name'];
      const resource = attributes['resource.name'];
      root.name = span?.name ?? '';
      root.attributes = attributes;
      root.service = typeof service === 'string' ? service : this.service;
      root.resource = typeof resource === 'string' ? resource : undefined;
      this.sampler.decide(trace, root);
    } catch (error) {
      this.reportInternalError('sampling', error);
    } finally {
      root.attributes = NO_ATTRIBUTES; // not kept alive until the next decision
    }
  }

  onStart(span: DatadogSpan, context: Context): void {
    const processors = this.processors;
    for (let i = 0; i < processors.length; i++) {
      try {
        processors[i]!.onStart(span, context);
      } catch (error) {
        this.reportInternalError('SpanProcessor.onStart', error);
      }
    }
  }

  onEnding(span: DatadogSpan): void {
    const processors = this.processors;
    for (let i = 0; i < processors.length; i++) {
      const processor = processors[i]!;
      if (typeof processor.onEnding !== 'function') continue;
      try {
        processor.onEnding(span);
      } catch (error) {
        this.reportInternalError('SpanProcessor.onEnding', error);
      }
    }
  }

  onEnd(span: DatadogSpan): void {
    const processors = this.processors;
    if (processors.length > 0) {
      const readable = new ReadableSpanView(span, this.config);
      for (let i = 0; i < processors.length; i++) {
        try {
          processors[i]!.onEnd(readable);
        } catch (error) {
          this.reportInternalError('SpanProcessor.onEnd', error);
        }
      }
    }
    const trace = span.trace;
    trace.openSpans--;
    const finished = trace.finished;
    const traceDone = trace.openSpans <= 0;
    if (traceDone || finished.length + 1 >= this.flushMinSpans) {
      // With nothing else waiting (mostly a request span without children) the chunk is exact
      // size: pushing onto the empty array grows it to 17 slots, ~100 bytes more allocated per
      // Fastify request, and allocation shows in the HTTP benchmark's CPU time (tools/bench
      // README, "Where dd-otel's Fastify microseconds go").
      let chunk: DatadogSpan[];
      if (finished.length === 0) chunk = [span];
      else {
        finished.push(span);
        chunk = finished;
        trace.finished = [];
      }
      if (traceDone) this.openTraces.delete(trace);
      putLocalRootFirst(chunk);
      if (this.exporter !== undefined) this.batch.add(chunk);
    } else {
      finished.push(span);
      if (finished.length === 1) this.openTraces.add(trace);
    }
  }

  /** Hands the completed chunks waiting for the end of the event-loop turn to the exporter now. */
  exportCompleted(): void {
    this.batch.drain();
  }

  /**
   * Hands the completed chunks and the finished spans of traces whose local root is still open
   * to the exporter; `shutdown()` calls it.
   */
  flushOpenTraces(): void {
    this.batch.drain();
    for (const trace of this.openTraces.drain()) {
      if (trace.finished.length === 0) continue;
      const chunk = trace.finished;
      trace.finished = [];
      this.exportChunk(chunk);
    }
  }

  applyManualSampling(trace: LocalTrace, key: string, value: unknown): boolean {
    try {
      return applyManualSampling(trace, key, value);
    } catch (error) {
      this.reportInternalError('manual sampling', error);
      return false;
    }
  }

  reportInternalError(where: string, error: unknown): void {
    logger.error(`internal error in ${where}: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
  }

  /** Resolves once chunks held while the export code loaded (ESM build) reached the exporter. */
  exportHeldChunks(): Promise<void> {
    return this.awaitingExportStack.whenExported();
  }

  /** Adds the chunks dropped before they reached the exporter (ESM build) to its `stats`. */
  countHeldChunkDrops(stats: ExporterStats): ExporterStats {
    const { overflow, loadFailed } = this.awaitingExportStack.dropped;
    if (overflow.traces > 0) recordDrop(stats, 'queueFull', overflow.traces, overflow.spans);
    if (loadFailed.traces > 0) recordDrop(stats, 'exportCodeUnavailable', loadFailed.traces, loadFailed.spans);
    return stats;
  }

  private exportChunk(chunk: DatadogSpan[]): void {
    const exporter = this.exporter;
    if (exporter === undefined) return;
    try {
      if (this.awaitingExportStack.holdIfNotLoaded(chunk)) return;
      // Usually the trace's first chunk: the decision is made here, on the ended root.
      const trace = chunk[0]!.trace;
      trace.decideSampling();
      const nativeSpanEvents =
        this.protocolVersion === '0.4' &&
        (this.nativeSpanEvents === 'auto' ? exporter.supportsSpanEvents : this.nativeSpanEvents);
      this.mappingContext.nativeSpanEvents = nativeSpanEvents;
      this.mapChunk ??= createChunkMapper(this.mappingContext);
      const records = this.mapChunk(chunk);
      const priority = trace.samplingPriority;
      if (priority !== undefined && priority <= 0 && this.spanSampler.hasRules) keepSampledSpans(this.spanSampler, records);
      exporter.export(records);
    } catch (error) {
      this.reportInternalError('export', error);
    }
  }
}
