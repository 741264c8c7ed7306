import { createEncoder as createDefaultEncoder } from '../encode/create-encoder.js';
import type { EncodedPayload, TraceChunk, TraceEncoder } from '../encode/span-record.js';
import { logger } from '../internal/diag.js';
import { AgentInfoClient } from './agent-info.js';
import { copyExporterStats, createExporterStats, recordDrop } from './exporter-stats.js';
import type { ExporterStats } from './exporter-stats.js';
import { PayloadSender } from './payload-sender.js';
import { TraceRequestHeaders } from './request-headers.js';
import { RetryPolicy } from './retry-policy.js';
import { settleWithin } from './settle-within.js';
import { createTransport, parseAgentUrl } from './transport.js';
import { checkDuration, checkOptions, DEFAULT_FLUSH_THRESHOLD_BYTES, MIB } from './agent-exporter-options.js';
import type { AgentExporterOptions } from './agent-exporter-options.js';

export type { AgentExporterOptions, ProtocolVersion } from './agent-exporter-options.js';

/**
 * Ships trace chunks to the Datadog Agent (spec §7): encodes them into a pending payload, sends
 * it every flush interval (or sooner when it passes `flushThresholdBytes`) and keeps the bytes
 * awaiting the Agent (pending, queued and in flight) under `maxQueuedBytes`. Records are not kept
 * once encoded. It never throws into the app and keeps the process alive only while a caller
 * awaits `flush()` or `shutdown()`, for at most their timeout.
 */
export class AgentExporter {
  private readonly newEncoder: () => TraceEncoder;
  private encoder: TraceEncoder;
  /** Spans in the pending payload, to count them as dropped should the encoder fail. */
  private pendingSpans = 0;
  private readonly sender: PayloadSender;
  private readonly agentInfo: AgentInfoClient;
  private readonly stats = createExporterStats();
  private readonly flushIntervalMs: number;
  private readonly maxQueuedBytes: number;
  private readonly flushThresholdBytes: number;
  private readonly shutdownTimeoutMs: number;
  private readonly flushTimeoutMs: number;
  /**
   * Payloads up to this count were already waited for by a flush that timed out: later flushes
   * do not wait for them again. Otherwise the provider's `beforeExit` flush would hold an idle
   * process once more after every timed-out wait, for as long as the retries last.
   */
  private waitedForThrough = 0;
  private readonly destroyTransport: () => void;
  private readonly agentUrl: string;
  private flushTimer: NodeJS.Timeout | undefined;
  /** Set while chunks are being refused for lack of room, so a burst logs one warning. */
  private refusing = false;
  private stopped = false;
  private shutdownPromise: Promise<void> | undefined;

  constructor(options: AgentExporterOptions) {
    checkOptions(options);
    const { config } = options;
    this.agentUrl = config.agentUrl;
    this.flushIntervalMs = checkDuration('config.flushIntervalMs', config.flushIntervalMs, 2000);
    this.maxQueuedBytes = checkDuration('config.maxQueuedBytes', config.maxQueuedBytes, 32 * MIB);
    // Half the cap at most, so one payload in flight never blocks the next from being queued.
    this.flushThresholdBytes = Math.min(
      checkDuration('flushThresholdBytes', options.flushThresholdBytes, DEFAULT_FLUSH_THRESHOLD_BYTES),
      Math.floor(this.maxQueuedBytes / 2),
    );
    this.shutdownTimeoutMs = checkDuration('shutdownTimeoutMs', options.shutdownTimeoutMs, 5000);
    this.flushTimeoutMs = checkDuration('flushTimeoutMs', options.flushTimeoutMs, 8000);
    const requestTimeoutMs = checkDuration('requestTimeoutMs', options.requestTimeoutMs, 2000);
    const retryPolicy = new RetryPolicy(options.retry);

    const version = config.protocolVersion;
    const factory = options.createEncoder ?? createDefaultEncoder;
    const encoderOptions = { payloadSizeHint: payloadSizeHint(this.flushThresholdBytes) };
    this.newEncoder = () => factory(version, encoderOptions);
    this.encoder = this.newEncoder();

    const transport = createTransport(parseAgentUrl(config.agentUrl));
    this.destroyTransport = () => transport.destroy();
    this.agentInfo = new AgentInfoClient({
      transport,
      timeoutMs: requestTimeoutMs,
      retryIntervalMs: checkDuration('infoRetryIntervalMs', options.infoRetryIntervalMs, 60_000),
    });
    this.sender = new PayloadSender({
      transport,
      agentUrl: config.agentUrl,
      path: this.encoder.path,
      headers: new TraceRequestHeaders({
        tracerVersion: options.tracerVersion,
        identity: options.containerIdentity,
        externalEnv: config.externalEnv,
      }),
      retryPolicy,
      requestTimeoutMs,
      stats: this.stats,
      onRates: options.onRates,
      onSettled: (payload) => this.recycle(payload),
      onIdle: () => {
        // With no flush interval, chunks that arrived during the last request go out together.
        if (this.flushIntervalMs === 0) this.takePendingPayload();
      },
    });
  }

  /** Whether the Agent's `/info` advertised `span_events: true` (false until known). */
  get supportsSpanEvents(): boolean {
    return this.agentInfo.info?.spanEvents === true;
  }

  /** Encodes one chunk into the pending payload and schedules its flush. Never throws. */
  export(chunk: TraceChunk): void {
    try {
      if (!Array.isArray(chunk) || chunk.length === 0) return;
      if (this.stopped) {
        recordDrop(this.stats, 'shutdown', 1, chunk.length);
        return;
      }
      this.agentInfo.refreshIfNeeded();
      if (this.sender.unackedBytes + this.encoder.byteLength >= this.maxQueuedBytes) {
        this.refuse(chunk);
        return;
      }
      this.refusing = false;
      if (!this.append(chunk)) return;
      this.stats.tracesQueued++;
      this.stats.spansQueued += chunk.length;
      if (this.encoder.byteLength >= this.flushThresholdBytes) this.takePendingPayload();
      else if (this.flushIntervalMs === 0) {
        if (this.sender.isIdle) this.takePendingPayload();
      } else this.armFlushTimer();
    } catch (error) {
      logger.error('Unexpected error while queueing a trace:', error);
    }
  }

  /**
   * Sends what is pending; resolves once the Agent answered or the attempts finally failed, or
   * after `flushTimeoutMs` (delivery goes on in the background). Never rejects.
   */
  flush(): Promise<void> {
    try {
      this.takePendingPayload();
      return this.waitForDelivery(this.flushTimeoutMs);
    } catch (error) {
      logger.error('Unexpected error while flushing traces:', error);
      return Promise.resolve();
    }
  }

  /** Flushes (waiting at most the shutdown timeout), then stops for good. Idempotent; never rejects. */
  shutdown(): Promise<void> {
    this.shutdownPromise ??= this.runShutdown().catch((error: unknown) => {
      logger.error('Unexpected error while shutting the exporter down:', error);
    });
    return this.shutdownPromise;
  }

  getStats(): ExporterStats {
    const stats = copyExporterStats(this.stats);
    // An empty payload still has its header bytes; nothing is queued then.
    const pendingBytes = this.encoder.traceCount > 0 ? this.encoder.byteLength : 0;
    stats.queuedBytes = this.sender.unackedBytes + pendingBytes;
    return stats;
  }

  /** Waits for every payload enqueued so far, except those a timed-out flush already waited for. */
  private async waitForDelivery(timeoutMs: number): Promise<void> {
    const target = this.sender.enqueuedCount;
    if (this.sender.isIdle || target <= this.waitedForThrough) return;
    const delivered = await settleWithin(this.sender.settled(), timeoutMs);
    if (!delivered) this.waitedForThrough = Math.max(this.waitedForThrough, target);
  }

  private async runShutdown(): Promise<void> {
    this.stopped = true;
    try {
      this.takePendingPayload();
      await settleWithin(this.sender.settled(), this.shutdownTimeoutMs);
    } finally {
      this.clearFlushTimer();
      this.agentInfo.close();
      this.sender.close();
      this.destroyTransport();
    }
    // The aborted request settles within a tick or two; waiting makes the final stats exact.
    await this.sender.settled();
  }

  private refuse(chunk: TraceChunk): void {
    recordDrop(this.stats, 'queueFull', 1, chunk.length);
    if (this.refusing) return;
    this.refusing = true;
    logger.warn(
      `Dropping traces: ${this.maxQueuedBytes} bytes (maxQueuedBytes) are already waiting for the Agent at ${this.agentUrl}; further drops are counted silently until there is room again`,
    );
  }

  /**
   * Appends to the pending payload; on an encoder failure drops only the offending chunk (the
   * encoder's `append` is atomic, so the rest of the payload stays intact).
   */
  private append(chunk: TraceChunk): boolean {
    try {
      this.encoder.append(chunk);
      this.pendingSpans += chunk.length;
      return true;
    } catch (error) {
      recordDrop(this.stats, 'encodeError', 1, chunk.length);
      logger.error(`Could not encode a trace of ${chunk.length} spans; dropped it:`, error);
      return false;
    }
  }

  private takePendingPayload(): void {
    this.clearFlushTimer();
    const traces = this.encoder.traceCount;
    if (traces === 0) return;
    const spans = this.pendingSpans;
    this.pendingSpans = 0;
    let payload: EncodedPayload;
    try {
      payload = this.encoder.takePayload();
    } catch (error) {
      recordDrop(this.stats, 'encodeError', traces, spans);
      logger.error('Could not finish a payload; dropped its traces:', error);
      this.encoder = this.newEncoder();
      return;
    }
    this.sender.enqueue(payload);
  }

  /** Lets the encoder write a later payload into this one's memory (fewer dead buffers). */
  private recycle(payload: EncodedPayload): void {
    try {
      this.encoder.recycle?.(payload);
    } catch (error) {
      logger.debug('Could not recycle a sent payload:', error);
    }
  }

  private armFlushTimer(): void {
    if (this.flushTimer !== undefined) return;
    this.flushTimer = setTimeout(() => {
      this.flushTimer = undefined;
      // Not `flush()`: nobody awaits this one, so it must not hold the process.
      try {
        this.takePendingPayload();
      } catch (error) {
        logger.error('Unexpected error while flushing traces:', error);
      }
    }, this.flushIntervalMs);
    this.flushTimer.unref();
  }

  private clearFlushTimer(): void {
    if (this.flushTimer === undefined) return;
    clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
  }
}

/**
 * A payload is sent once it reaches the threshold, so it ends up to one chunk past it: a quarter
 * more holds the chunks of usual traces (a 100-span trace with events is ~50 KB).
 */
function payloadSizeHint(flushThresholdBytes: number): number {
  return Math.min(2 ** 30, Math.ceil(flushThresholdBytes * 1.25));
}
