import { logger } from '../internal/diag.js';
import type { Transport } from './transport.js';

/** What dd-otel uses from the Agent's `GET /info` (spec §7.7). */
export interface AgentInfo {
  /** The Agent accepts native `span_events` in v0.4 payloads. */
  spanEvents: boolean;
  version: string | undefined;
  endpoints: string[];
}

export interface AgentInfoClientOptions {
  transport: Transport;
  /** Default 2000 ms. */
  timeoutMs?: number;
  /** Minimum time between two attempts after a failure. Default 60 000 ms. */
  retryIntervalMs?: number;
  /** Clock, for tests. Default `Date.now`. */
  now?: () => number;
}

/** Interprets an `/info` body; undefined when it is not a JSON object. */
export function parseAgentInfo(body: string): AgentInfo | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return undefined;
  const { span_events: spanEvents, version, endpoints } = parsed as Record<string, unknown>;
  return {
    spanEvents: spanEvents === true,
    version: typeof version === 'string' ? version : undefined,
    endpoints: Array.isArray(endpoints) ? endpoints.filter((e): e is string => typeof e === 'string') : [],
  };
}

/**
 * Asks the Agent for `/info` in the background, once. A failed attempt (Agent down, garbled
 * answer) is repeated at most once per retry interval, and only when someone asks again.
 */
export class AgentInfoClient {
  private known: AgentInfo | undefined;
  private pending: Promise<void> | undefined;
  private lastAttemptAt: number | undefined;
  private closed = false;
  private readonly timeoutMs: number;
  private readonly retryIntervalMs: number;
  private readonly now: () => number;

  constructor(private readonly options: AgentInfoClientOptions) {
    this.timeoutMs = options.timeoutMs ?? 2000;
    this.retryIntervalMs = options.retryIntervalMs ?? 60_000;
    this.now = options.now ?? Date.now;
  }

  /** The Agent's answer; undefined until one arrived. */
  get info(): AgentInfo | undefined {
    return this.known;
  }

  /** Starts a fetch unless the answer is known, one is running, or the last failed too recently. Never throws. */
  refreshIfNeeded(): void {
    if (this.known !== undefined || this.pending !== undefined || this.closed) return;
    const now = this.now();
    if (this.lastAttemptAt !== undefined && now - this.lastAttemptAt < this.retryIntervalMs) return;
    this.lastAttemptAt = now;
    this.pending = this.fetch().finally(() => {
      this.pending = undefined;
    });
  }

  /** Resolves when the running fetch (if any) is over; never rejects. */
  settled(): Promise<void> {
    return this.pending ?? Promise.resolve();
  }

  /** Stops future fetches. */
  close(): void {
    this.closed = true;
  }

  private async fetch(): Promise<void> {
    try {
      const response = await this.options.transport.send({
        method: 'GET',
        path: '/info',
        timeoutMs: this.timeoutMs,
        unref: true,
      });
      if (response.statusCode === 404) {
        // An Agent too old to have /info will not grow one: take "no features" as the answer.
        this.known = { spanEvents: false, version: undefined, endpoints: [] };
        return;
      }
      const info = response.statusCode >= 200 && response.statusCode < 300 ? parseAgentInfo(response.body) : undefined;
      if (info === undefined) {
        logger.debug(`Agent /info answered ${response.statusCode} without a usable body; will ask again later`);
        return;
      }
      this.known = info;
    } catch (error) {
      logger.debug(`Agent /info failed: ${(error as Error)?.message ?? String(error)}`);
    }
  }
}
