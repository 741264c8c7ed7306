/** Why traces were not delivered. */
export type DropReason =
  /**
   * The byte cap of encoded-but-unacknowledged payloads was reached, or (ESM build) the cap on
   * chunks waiting for the export code to load.
   */
  | 'queueFull'
  /** The Agent refused the payload or stayed unreachable through every attempt. */
  | 'agentError'
  /** Exported after `shutdown()`, or still queued when shutdown gave up waiting. */
  | 'shutdown'
  /** The encoder threw on the chunk (a bug, never the app's fault). */
  | 'encodeError'
  /** The export code could not be loaded (ESM build, which loads it on the first export). */
  | 'exportCodeUnavailable';

export interface DropCounts {
  traces: number;
  spans: number;
}

/** Counters of one exporter since it was created; `getStats()` returns a copy. */
export interface ExporterStats {
  /** Accepted into a payload. */
  tracesQueued: number;
  spansQueued: number;
  /** Acknowledged by the Agent. */
  tracesSent: number;
  spansSent: number;
  tracesDropped: number;
  spansDropped: number;
  droppedByReason: Record<DropReason, DropCounts>;
  payloadsSent: number;
  /** Payloads (or halves of split payloads) given up on. */
  payloadsFailed: number;
  bytesSent: number;
  /** Attempts beyond the first one, over all payloads. */
  retries: number;
  /** Bytes encoded and not yet acknowledged or dropped, right now. */
  queuedBytes: number;
  /** The last failure, e.g. `ECONNREFUSED` or `HTTP 503`; undefined until one happens. */
  lastError: string | undefined;
  /** HTTP status of the last Agent response; undefined until one arrives. */
  lastStatus: number | undefined;
}

export function createExporterStats(): ExporterStats {
  return {
    tracesQueued: 0,
    spansQueued: 0,
    tracesSent: 0,
    spansSent: 0,
    tracesDropped: 0,
    spansDropped: 0,
    droppedByReason: {
      queueFull: { traces: 0, spans: 0 },
      agentError: { traces: 0, spans: 0 },
      shutdown: { traces: 0, spans: 0 },
      encodeError: { traces: 0, spans: 0 },
      exportCodeUnavailable: { traces: 0, spans: 0 },
    },
    payloadsSent: 0,
    payloadsFailed: 0,
    bytesSent: 0,
    retries: 0,
    queuedBytes: 0,
    lastError: undefined,
    lastStatus: undefined,
  };
}

export function recordDrop(stats: ExporterStats, reason: DropReason, traces: number, spans: number): void {
  stats.tracesDropped += traces;
  stats.spansDropped += spans;
  stats.droppedByReason[reason].traces += traces;
  stats.droppedByReason[reason].spans += spans;
}

/** A deep copy, so callers can keep it while counting goes on. */
export function copyExporterStats(stats: ExporterStats): ExporterStats {
  const byReason = stats.droppedByReason;
  return {
    ...stats,
    droppedByReason: {
      queueFull: { ...byReason.queueFull },
      agentError: { ...byReason.agentError },
      shutdown: { ...byReason.shutdown },
      encodeError: { ...byReason.encodeError },
      exportCodeUnavailable: { ...byReason.exportCodeUnavailable },
    },
  };
}
