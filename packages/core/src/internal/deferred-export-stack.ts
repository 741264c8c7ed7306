import type { AgentExporter as RealAgentExporter, AgentExporterOptions } from '../export/agent-exporter.js';
import { createExporterStats } from '../export/exporter-stats.js';
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
 * loading `@dd-otel/core` costs. Both builds swap these in for the real imports of the tracer
 * provider and the pipeline (tsup.config.ts). Until the first export nothing differs
 * from a fresh exporter: no span events support known yet, nothing pending to flush. `load`
 * returns undefined while the stack is not available synchronously (the ESM build, before its
 * import resolved): the pipeline exports nothing until it is, and stats read as zero meanwhile.
 */
export function deferredExportStack(load: () => ExportStack | undefined): ExportStack {
  let stack: ExportStack | undefined;
  const available = (): ExportStack | undefined => (stack ??= load());
  const loaded = (): ExportStack => {
    const current = available();
    if (current === undefined) throw new Error('the export stack was used before it was loaded');
    return current;
  };

  class AgentExporter {
    private exporter: RealAgentExporter | undefined;

    constructor(private readonly options: AgentExporterOptions) {}

    private get real(): RealAgentExporter {
      return (this.exporter ??= new (loaded().AgentExporter)(this.options));
    }

    /** The real exporter, built now if the stack is available; undefined otherwise. */
    private get realIfAvailable(): RealAgentExporter | undefined {
      return this.exporter ?? (available() === undefined ? undefined : this.real);
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
      return this.realIfAvailable?.shutdown() ?? Promise.resolve();
    }

    getStats(): ExporterStats {
      return this.realIfAvailable?.getStats() ?? createExporterStats();
    }
  }

  return {
    AgentExporter: AgentExporter as unknown as ExportStack['AgentExporter'],
    createChunkMapper: (context) => loaded().createChunkMapper(context),
  };
}
