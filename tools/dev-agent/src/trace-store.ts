import type {
  DevAgentListener,
  DevAgentProblem,
  DevAgentRequest,
  DevAgentSpan,
  DevAgentStats,
  DevAgentStoreView,
} from './types.js';

/** Requests (and problems) are kept in bounded windows too, so a long-running agent stays small. */
export const MAX_REQUESTS = 1000;
export const MAX_PROBLEMS = 10_000;

/**
 * In-memory store of received payloads: at most `maxTraces` trace chunks (oldest dropped first),
 * the last `MAX_REQUESTS` requests and `MAX_PROBLEMS` problems. Accessors return fresh arrays.
 */
export class TraceStore implements DevAgentStoreView {
  private storedTraces: DevAgentSpan[][] = [];
  private storedRequests: DevAgentRequest[] = [];
  private storedProblems: DevAgentProblem[] = [];
  private readonly listeners = new Set<DevAgentListener>();
  private lastRequestId = 0;
  private droppedTraces = 0;
  private droppedRequests = 0;
  private droppedProblems = 0;

  constructor(private readonly maxTraces: number) {}

  /** Ids are never reused, not even after `clear()`, so spans keep pointing at the right request. */
  nextRequestId(): number {
    this.lastRequestId += 1;
    return this.lastRequestId;
  }

  add(request: DevAgentRequest, traces: readonly DevAgentSpan[][]): void {
    for (const trace of traces) this.storedTraces.push(trace);
    this.droppedTraces += trimFront(this.storedTraces, this.maxTraces);
    this.storedRequests.push(request);
    this.droppedRequests += trimFront(this.storedRequests, MAX_REQUESTS);
    for (const problem of request.problems) this.storedProblems.push(problem);
    this.droppedProblems += trimFront(this.storedProblems, MAX_PROBLEMS);
    this.emit({ type: 'request', request });
  }

  traces(): DevAgentSpan[][] {
    return [...this.storedTraces];
  }

  spans(): DevAgentSpan[] {
    return this.storedTraces.flat();
  }

  requests(): DevAgentRequest[] {
    return [...this.storedRequests];
  }

  problems(): DevAgentProblem[] {
    return [...this.storedProblems];
  }

  /**
   * All stored spans of one trace, across chunks, by trace id given as 16 hex (low 64 bits),
   * 32 hex (128 bits) or unsigned decimal.
   */
  findTrace(traceId: string): DevAgentSpan[] {
    const wanted = traceId.trim().toLowerCase();
    return this.spans().filter(
      (span) => span.traceId === wanted || span.traceId128 === wanted || span.traceIdDec === wanted,
    );
  }

  stats(): DevAgentStats {
    return {
      traces: this.storedTraces.length,
      spans: this.storedTraces.reduce((count, trace) => count + trace.length, 0),
      requests: this.storedRequests.length,
      problems: this.storedProblems.length,
      droppedTraces: this.droppedTraces,
      droppedRequests: this.droppedRequests,
      droppedProblems: this.droppedProblems,
    };
  }

  clear(): void {
    this.storedTraces = [];
    this.storedRequests = [];
    this.storedProblems = [];
    this.droppedTraces = 0;
    this.droppedRequests = 0;
    this.droppedProblems = 0;
    this.emit({ type: 'clear' });
  }

  /** Tells listeners the agent closed (pending waits reject). */
  close(): void {
    this.emit({ type: 'close' });
    this.listeners.clear();
  }

  subscribe(listener: DevAgentListener): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  private emit(event: Parameters<DevAgentListener>[0]): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(event);
      } catch {
        // A failing listener must not break intake or the other listeners.
      }
    }
  }
}

/** Removes the oldest entries beyond `max`; returns how many were removed. */
function trimFront<T>(items: T[], max: number): number {
  const excess = items.length - max;
  if (excess <= 0) return 0;
  items.splice(0, excess);
  return excess;
}
