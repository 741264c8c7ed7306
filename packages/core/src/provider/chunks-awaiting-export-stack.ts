import type { DropCounts } from '../export/exporter-stats.js';
import { logger } from '../internal/diag.js';
import { isExportStackLoaded, loadExportStack } from '../internal/export-stack-loading.js';
import type { DatadogSpan } from '../span/span.js';

/** Chunks held at most while the export stack loads: a burst beyond it is dropped, not buffered without bound. */
const MAX_HELD_CHUNKS = 4096;

/**
 * Chunks that completed before the export stack was loaded (ESM build only: see
 * `internal/export-stack-loading-esm.ts`). The first one starts the load; once it is done, all
 * of them go to the exporter in their order. Elsewhere the stack is always loaded and this
 * holds nothing.
 */
export class ChunksAwaitingExportStack {
  private held: DatadogSpan[][] = [];
  private exported: Promise<void> = Promise.resolve();
  /** Dropped since the last warning: the warning says how many. */
  private droppedChunks = 0;
  /**
   * Everything dropped so far, for `getStats()`: the exporter never saw these chunks, so its own
   * counters cannot hold them. `overflow`: past `MAX_HELD_CHUNKS`; `loadFailed`: held or arriving
   * after the load failed.
   */
  readonly dropped: { readonly overflow: DropCounts; readonly loadFailed: DropCounts } = {
    overflow: { traces: 0, spans: 0 },
    loadFailed: { traces: 0, spans: 0 },
  };
  /** The load failed once (logged then): later chunks are dropped without a word each. */
  private loadFailed = false;

  constructor(private readonly exportChunk: (chunk: DatadogSpan[]) => void) {}

  /** True when `chunk` was held for later; false when the stack is loaded and it can go now. */
  holdIfNotLoaded(chunk: DatadogSpan[]): boolean {
    if (isExportStackLoaded()) return false;
    if (this.loadFailed) {
      countDrop(this.dropped.loadFailed, chunk);
      return true;
    }
    if (this.held.length >= MAX_HELD_CHUNKS) {
      this.droppedChunks++;
      countDrop(this.dropped.overflow, chunk);
      return true;
    }
    this.held.push(chunk);
    if (this.held.length === 1) this.exported = this.exportOnceLoaded();
    return true;
  }

  /** Resolves once the chunks held so far went to the exporter (or were given up on); never rejects. */
  whenExported(): Promise<void> {
    return this.exported;
  }

  private async exportOnceLoaded(): Promise<void> {
    try {
      await loadExportStack();
    } catch (error) {
      const lost = this.held.length + this.droppedChunks;
      for (const chunk of this.held) countDrop(this.dropped.loadFailed, chunk);
      this.held = [];
      this.loadFailed = true;
      logger.error(`could not load the export code; ${lost} trace chunks were dropped: ${String(error)}`);
      return;
    }
    const chunks = this.held;
    this.held = [];
    if (this.droppedChunks > 0) {
      logger.warn(`${this.droppedChunks} trace chunks were dropped while the export code loaded`);
      this.droppedChunks = 0;
    }
    for (const chunk of chunks) this.exportChunk(chunk);
  }
}

function countDrop(counts: DropCounts, chunk: readonly DatadogSpan[]): void {
  counts.traces++;
  counts.spans += chunk.length;
}
