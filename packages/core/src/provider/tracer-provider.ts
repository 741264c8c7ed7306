import { context, propagation, trace } from '../internal/otel-api.js';
import type { TextMapPropagator, Tracer, TracerOptions, TracerProvider } from '@opentelemetry/api';
import type { DatadogOptions, ResolvedConfig } from '../config/options.js';
import { resolveConfig } from '../config/resolve.js';
import { AgentExporter } from '../export/agent-exporter.js';
import type { ExporterStats } from '../export/exporter-stats.js';
import { logger } from '../internal/diag.js';
import { getRegisteredTracerProvider } from '../internal/noop-provider.js';
import { installDiagLogger } from '../internal/diag-setup.js';
import { VERSION } from '../internal/version.js';
import { createPropagator } from '../propagation/create-propagator.js';
import { PrioritySampler } from '../sampling/priority-sampler.js';
import { DatadogContextManager } from './context-manager.js';
import type { SpanProcessor } from './span-processor.js';
import { DatadogTracer } from './tracer.js';
import { TracingPipeline } from './tracing-pipeline.js';

/**
 * The Datadog tracer provider for the OpenTelemetry API. Spans created through it are sampled,
 * mapped and sent to the Datadog Agent with Datadog's semantics.
 *
 * @example
 * const provider = new DatadogTracerProvider({ service: 'checkout' });
 * provider.register();
 */
export class DatadogTracerProvider implements TracerProvider {
  /** The frozen configuration this provider runs with. */
  readonly config: ResolvedConfig;
  private readonly pipeline: TracingPipeline;
  private readonly exporter: AgentExporter | undefined;
  private readonly tracers = new Map<string, DatadogTracer>();
  private shutdownPromise: Promise<void> | undefined;
  private readonly onBeforeExit = (): void => {
    void this.forceFlush();
  };

  /** @throws TypeError when an option is invalid (the message names it). */
  constructor(options?: DatadogOptions) {
    installDiagLogger(options?.logLevel ?? 'warn');
    this.config = resolveConfig(options);
    installDiagLogger(this.config.logLevel);
    const sampler = new PrioritySampler(this.config);
    this.exporter = this.config.enabled
      ? new AgentExporter({
          config: this.config,
          tracerVersion: VERSION,
          onRates: (rates) => sampler.updateAgentRates(rates),
        })
      : undefined;
    this.pipeline = new TracingPipeline(this.config, sampler, this.exporter, this.config.spanProcessors);
    if (this.exporter) process.on('beforeExit', this.onBeforeExit);
  }

  getTracer(name: string, version?: string, options?: TracerOptions): Tracer {
    const scopeName = typeof name === 'string' && name !== '' ? name : 'unknown';
    const key = `${scopeName}@${version ?? ''}@${options?.schemaUrl ?? ''}`;
    let tracer = this.tracers.get(key);
    if (!tracer) {
      const scope = version === undefined ? { name: scopeName } : { name: scopeName, version };
      tracer = new DatadogTracer(Object.freeze(scope), this.pipeline);
      this.tracers.set(key, tracer);
    }
    return tracer;
  }

  /** Adds an OTel SDK span processor (e.g. a `BatchSpanProcessor` with an OTLP exporter). */
  addSpanProcessor(processor: SpanProcessor): void {
    this.pipeline.addProcessor(processor);
  }

  /**
   * Registers this provider, an AsyncLocalStorage context manager and the Datadog propagators as
   * the OTel globals. Returns false (with one warning) when another tracer provider is already
   * registered: that one stays in charge.
   */
  register(options: { propagator?: TextMapPropagator } = {}): boolean {
    const registered = getRegisteredTracerProvider();
    if (registered === this) return true;
    if (registered !== undefined) {
      logger.warn(
        'another OpenTelemetry tracer provider is already registered; dd-otel did not replace it ' +
          '(spans go to the existing provider). Register dd-otel first, or call init() only once.',
      );
      return false;
    }
    const contextManager = new DatadogContextManager();
    contextManager.enable();
    if (!context.setGlobalContextManager(contextManager)) contextManager.disable();
    propagation.setGlobalPropagator(options.propagator ?? createPropagator(this.config));
    return trace.setGlobalTracerProvider(this);
  }

  /** Sends every finished span; resolves once the Agent answered or the attempt failed. Never rejects. */
  async forceFlush(): Promise<void> {
    this.pipeline.exportCompleted();
    await this.pipeline.exportHeldChunks();
    await Promise.all([
      this.exporter?.flush(),
      ...this.pipeline.spanProcessors.map((processor) => processor.forceFlush().catch(logProcessorError)),
    ]);
  }

  /** Flushes, then stops: later spans are non-recording. Safe to call more than once. */
  shutdown(): Promise<void> {
    this.shutdownPromise ??= this.doShutdown();
    return this.shutdownPromise;
  }

  /** Delivery counters: spans and traces queued, sent and dropped (with reasons). */
  getStats(): ExporterStats | undefined {
    const stats = this.exporter?.getStats();
    return stats === undefined ? undefined : this.pipeline.countHeldChunkDrops(stats);
  }

  private async doShutdown(): Promise<void> {
    this.pipeline.flushOpenTraces();
    this.pipeline.markShutDown();
    process.removeListener('beforeExit', this.onBeforeExit);
    await this.pipeline.exportHeldChunks();
    await Promise.all([
      this.exporter?.shutdown(),
      ...this.pipeline.spanProcessors.map((processor) => processor.shutdown().catch(logProcessorError)),
    ]);
  }
}

function logProcessorError(error: unknown): void {
  logger.error(`span processor failed: ${error instanceof Error ? error.message : String(error)}`);
}
