import type { EncodedPayload } from '../encode/span-record.js';
import { logger } from '../internal/diag.js';
import { parseRateByService } from './agent-response.js';
import { CancellableDelays } from './cancellable-delays.js';
import { recordDrop } from './exporter-stats.js';
import type { DropReason, ExporterStats } from './exporter-stats.js';
import type { TraceRequestHeaders } from './request-headers.js';
import { splitPayload } from './payload-split.js';
import { isRetryableNetworkError, isRetryableStatus } from './retry-policy.js';
import type { RetryPolicy } from './retry-policy.js';
import type { Transport } from './transport.js';

export interface PayloadSenderOptions {
  transport: Transport;
  /** For log messages only. */
  agentUrl: string;
  /** `/v0.4/traces` or `/v0.5/traces`. */
  path: string;
  headers: TraceRequestHeaders;
  retryPolicy: RetryPolicy;
  requestTimeoutMs: number;
  /** Counters shared with the exporter. */
  stats: ExporterStats;
  onRates?: ((rateByService: Record<string, number>) => void) | undefined;
  /** Called whenever the queue ran empty, so a caller flushing eagerly can hand over more. */
  onIdle?: () => void;
  /** Called once per enqueued payload when nothing reads its bytes any more (sent or dropped). */
  onSettled?: (payload: EncodedPayload) => void;
}

interface QueuedPayload {
  payload: EncodedPayload;
  done: Promise<void>;
  resolveDone: () => void;
}

type AttemptResult =
  | { kind: 'accepted'; body: string }
  | { kind: 'status'; statusCode: number }
  | { kind: 'error'; error: unknown };

function describeError(error: unknown): string {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  if (typeof code === 'string') return code;
  return typeof message === 'string' ? message : String(error);
}

function describeResult(result: AttemptResult): string {
  if (result.kind === 'status') return `HTTP ${result.statusCode}`;
  return result.kind === 'error' ? describeError(result.error) : 'accepted';
}

/**
 * Sends encoded payloads to the Agent one at a time, in order, with retries. Payloads waiting
 * their turn are held here; the caller bounds their total size through `unackedBytes`.
 */
export class PayloadSender {
  private queue: QueuedPayload[] = [];
  private inFlight: QueuedPayload | undefined;
  private unacked = 0;
  private enqueued = 0;
  private closed = false;
  private readonly delays = new CancellableDelays();
  /** Set while deliveries fail, so an outage logs one warning rather than one per payload. */
  private failing = false;
  private malformedPayloadLogged = false;

  constructor(private readonly options: PayloadSenderOptions) {}

  /** Bytes of payloads queued or in flight. */
  get unackedBytes(): number {
    return this.unacked;
  }

  get isIdle(): boolean {
    return this.inFlight === undefined && this.queue.length === 0;
  }

  /** Payloads enqueued since the start: tells a flush which payloads it is waiting for. */
  get enqueuedCount(): number {
    return this.enqueued;
  }

  enqueue(payload: EncodedPayload): void {
    if (this.closed) {
      this.drop(payload, 'shutdown');
      return;
    }
    let resolveDone!: () => void;
    const done = new Promise<void>((resolve) => {
      resolveDone = resolve;
    });
    this.queue.push({ payload, done, resolveDone });
    this.enqueued++;
    this.unacked += payload.bytes.byteLength;
    this.pump();
  }

  /** Resolves once every payload enqueued so far was acknowledged or dropped; never rejects. */
  settled(): Promise<void> {
    const last = this.queue.at(-1) ?? this.inFlight;
    return last === undefined ? Promise.resolve() : last.done;
  }

  /** Cuts back-off waits short and drops what has not been sent; the request in flight finishes. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.delays.cancelAll();
    const abandoned = this.queue;
    this.queue = [];
    for (const entry of abandoned) {
      this.unacked -= entry.payload.bytes.byteLength;
      this.drop(entry.payload, 'shutdown');
      this.options.onSettled?.(entry.payload);
      entry.resolveDone();
    }
  }

  private pump(): void {
    if (this.inFlight !== undefined || this.closed) return;
    const entry = this.queue.shift();
    if (entry === undefined) return;
    this.inFlight = entry;
    const settle = (): void => {
      try {
        this.inFlight = undefined;
        this.unacked -= entry.payload.bytes.byteLength;
        this.options.onSettled?.(entry.payload);
        entry.resolveDone();
        if (this.queue.length === 0) this.options.onIdle?.();
        this.pump();
      } catch (error) {
        logger.error('Unexpected error in the Agent exporter:', error);
      }
    };
    this.deliver(entry.payload).then(settle, (error: unknown) => {
      logger.error('Unexpected error while sending traces to the Agent:', error);
      settle();
    });
  }

  private async deliver(payload: EncodedPayload): Promise<void> {
    const { retryPolicy, stats } = this.options;
    for (let attempt = 1; ; attempt++) {
      if (this.closed) return this.drop(payload, 'shutdown');
      if (attempt > 1) stats.retries++;
      const result = await this.attempt(payload);
      if (result.kind === 'accepted') return this.accept(payload, result.body);
      // Shutdown aborted the request (or it failed while shutting down): not the Agent's fault.
      if (this.closed) return this.drop(payload, 'shutdown');
      if (result.kind === 'status' && result.statusCode === 413) return this.deliverHalves(payload);
      const retryable =
        result.kind === 'error' ? isRetryableNetworkError(result.error) : isRetryableStatus(result.statusCode);
      if (!retryable) return this.reject(payload, result);
      if (attempt >= retryPolicy.maxAttempts) return this.giveUp(payload, result, attempt);
      await this.delays.wait(retryPolicy.delayAfter(attempt));
    }
  }

  private async attempt(payload: EncodedPayload): Promise<AttemptResult> {
    const { stats, transport, headers } = this.options;
    try {
      const response = await transport.send({
        method: 'PUT',
        path: this.options.path,
        headers: headers.forPayload(payload.traceCount, payload.bytes.byteLength),
        body: payload.bytes,
        timeoutMs: this.options.requestTimeoutMs,
      });
      stats.lastStatus = response.statusCode;
      if (response.statusCode >= 200 && response.statusCode < 300) return { kind: 'accepted', body: response.body };
      stats.lastError = `HTTP ${response.statusCode}`;
      return { kind: 'status', statusCode: response.statusCode };
    } catch (error) {
      stats.lastError = describeError(error);
      return { kind: 'error', error };
    }
  }

  private accept(payload: EncodedPayload, body: string): void {
    const { stats, onRates } = this.options;
    stats.payloadsSent++;
    stats.tracesSent += payload.traceCount;
    stats.spansSent += payload.spanCount;
    stats.bytesSent += payload.bytes.byteLength;
    if (this.failing) {
      this.failing = false;
      logger.info(`Delivering traces to the Agent at ${this.options.agentUrl} again`);
    }
    const rates = onRates === undefined ? undefined : parseRateByService(body);
    if (rates === undefined) return;
    try {
      onRates?.(rates);
    } catch (error) {
      logger.error('rate_by_service callback threw:', error);
    }
  }

  /** The Agent's body limit was exceeded: send each half on its own (recursively). */
  private async deliverHalves(payload: EncodedPayload): Promise<void> {
    let halves: [EncodedPayload, EncodedPayload] | undefined;
    try {
      halves = splitPayload(payload);
    } catch (error) {
      logger.error(`Could not split a payload of ${payload.traceCount} traces the Agent found too large; dropped it:`, error);
      return this.drop(payload, 'encodeError');
    }
    if (halves === undefined) {
      logger.error(
        `The Agent refused a single trace of ${payload.spanCount} spans (${payload.bytes.byteLength} bytes) as too large; dropped it`,
      );
      return this.drop(payload, 'agentError');
    }
    logger.debug(`The Agent answered 413 to ${payload.bytes.byteLength} bytes; sending the payload in two halves`);
    for (const half of halves) await this.deliver(half);
  }

  private reject(payload: EncodedPayload, result: AttemptResult): void {
    const reason = describeResult(result);
    if (result.kind === 'status' && result.statusCode === 400) {
      // A payload the Agent cannot decode is our bug; say it loudly once, not per payload.
      const log = this.malformedPayloadLogged ? logger.debug : logger.error;
      this.malformedPayloadLogged = true;
      log.call(logger, `The Agent rejected a payload as malformed (HTTP 400); dropped ${payload.traceCount} traces`);
    } else {
      this.warnFailing(`The Agent refused ${payload.traceCount} traces (${reason}); dropped them`);
    }
    this.drop(payload, 'agentError');
  }

  private giveUp(payload: EncodedPayload, result: AttemptResult, attempts: number): void {
    const reason = describeResult(result);
    this.warnFailing(
      `Could not deliver ${payload.traceCount} traces to the Agent at ${this.options.agentUrl} after ${attempts} attempts (${reason}); dropped them. Later traces will be sent when the Agent is back`,
    );
    this.drop(payload, 'agentError');
  }

  private warnFailing(message: string): void {
    if (this.failing) logger.debug(message);
    else logger.warn(message);
    this.failing = true;
  }

  private drop(payload: EncodedPayload, reason: DropReason): void {
    recordDrop(this.options.stats, reason, payload.traceCount, payload.spanCount);
    this.options.stats.payloadsFailed++;
  }
}
