import type { AgentExporter as RealAgentExporter, AgentExporterOptions } from '../export/agent-exporter.js';
import type { ExporterStats } from '../export/exporter-stats.js';
import type { TraceChunk } from '../encode/span-record.js';
import type { ChunkMapper, MappingContext } from '../mapping/map-chunk.js';

/** The values `export-stack.ts` exports. */
export interface ExportStack {
  AgentExporter: new (options: AgentExporterOptions) => RealAgentExporter;
  createChunkMapper: (context: MappingContext) => ChunkMapper;
}

/**
 * Stand-ins for the export stack that load it on first use: half of core's code (encoders,
 * mapping, Agent exporter) is only needed once a span is exported, and parsing it is most of what
 * `require('@dd-otel/core')` costs. The CommonJS build swaps these in for the real imports of
 * the tracer provider and the pipeline (tsup.config.ts). Until the first export nothing differs
 * from a fresh exporter: no span events support known yet, nothing pending to flush.
 */
export function deferredExportStack(load: () => ExportStack): ExportStack {
  let stack: ExportStack | undefined;
  const loaded = (): ExportStack => (stack ??= load());

  class AgentExporter {
    private exporter: RealAgentExporter | undefined;

    constructor(private readonly options: AgentExporterOptions) {}

    private get real(): RealAgentExporter {
      return (this.exporter ??= new (loaded().AgentExporter)(this.options));
    }

    get supportsSpanEvents(): boolean {
      return this.exporter?.supportsSpanEvents ?? false;
    }

    export(chunk: TraceChunk): void {
      this.real.export(chunk);
    }

    flush(): Promise<void> {
      return this.exporter === undefined ? Promise.resolve() : this.exporter.flush();
    }

    shutdown(): Promise<void> {
      return this.real.shutdown();
    }

    getStats(): ExporterStats {
      return this.real.getStats();
    }
  }

  return {
    AgentExporter: AgentExporter as unknown as ExportStack['AgentExporter'],
    createChunkMapper: (context) => loaded().createChunkMapper(context),
  };
}
