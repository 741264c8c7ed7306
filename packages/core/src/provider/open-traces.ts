import type { LocalTrace } from '../span/local-trace.js';

/**
 * Traces holding finished spans while some of their spans are still open, so `shutdown()` can
 * send those spans. Held weakly: a trace whose open spans the app abandons stays collectable,
 * and dead entries are pruned as the set grows.
 */
export class OpenTraces {
  private readonly entries = new Set<WeakRef<LocalTrace>>();
  private pruneAt = 1024;

  /** Called when a trace starts buffering finished spans. */
  add(trace: LocalTrace): void {
    if (trace.openTracesEntry !== undefined) return;
    const entry = new WeakRef(trace);
    trace.openTracesEntry = entry;
    this.entries.add(entry);
    if (this.entries.size >= this.pruneAt) this.prune();
  }

  /** Called when every span of the trace ended. */
  delete(trace: LocalTrace): void {
    const entry = trace.openTracesEntry;
    if (entry === undefined) return;
    trace.openTracesEntry = undefined;
    this.entries.delete(entry);
  }

  /** The live traces, forgetting them all. */
  drain(): LocalTrace[] {
    const traces: LocalTrace[] = [];
    for (const entry of this.entries) {
      const trace = entry.deref();
      if (trace === undefined) continue;
      trace.openTracesEntry = undefined;
      traces.push(trace);
    }
    this.entries.clear();
    return traces;
  }

  private prune(): void {
    for (const entry of this.entries) if (entry.deref() === undefined) this.entries.delete(entry);
    this.pruneAt = Math.max(1024, this.entries.size * 2);
  }
}
