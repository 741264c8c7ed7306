/** Milliseconds from a monotonic clock; injectable so tests can drive time. */
export type Clock = () => number;

const WINDOW_MS = 1000;
/**
 * Node defines the `performance` global as a lazy getter: read it once (as span/time.ts does),
 * not on every sampling decision.
 */
const clock = globalThis.performance;
const monotonicNow: Clock = () => clock.now();

/**
 * Token bucket of `limit` traces per second (`DD_TRACE_RATE_LIMIT`, a rule's `max_per_second`),
 * also capped at `limit` per one-second window like dd-trace-js's limiter. A negative limit
 * allows everything, 0 allows nothing.
 *
 * The effective rate (`_dd.limit_psr`) is what fraction of requests were allowed over the
 * current and the previous window (spec §5.4), so the backend can extrapolate.
 */
export class RateLimiter {
  private tokens: number;
  private lastRefillMs: number;
  private windowStartMs: number;
  private allowedThisWindow = 0;
  private requestedThisWindow = 0;
  private allowedPreviousWindow = 0;
  private requestedPreviousWindow = 0;
  private readonly capacity: number;

  constructor(
    readonly limit: number,
    private readonly now: Clock = monotonicNow,
  ) {
    // Below 1/s the bucket still holds one token, or it could never allow anything.
    this.capacity = Math.max(limit, 1);
    this.tokens = this.capacity;
    const start = now();
    this.lastRefillMs = start;
    this.windowStartMs = start;
  }

  /** Takes a token when one is available; counts the request either way. */
  isAllowed(): boolean {
    const nowMs = this.now();
    this.advanceWindow(nowMs);
    this.requestedThisWindow++;
    const allowed = this.take(nowMs);
    if (allowed) this.allowedThisWindow++;
    return allowed;
  }

  /** Allowed ÷ requested over the previous and current windows; 1 before any request. */
  effectiveRate(): number {
    if (this.limit < 0) return 1;
    if (this.limit === 0) return 0;
    this.advanceWindow(this.now());
    const requested = this.requestedPreviousWindow + this.requestedThisWindow;
    if (requested === 0) return 1;
    return (this.allowedPreviousWindow + this.allowedThisWindow) / requested;
  }

  private take(nowMs: number): boolean {
    if (this.limit < 0) return true;
    if (this.limit === 0) return false;
    if (this.allowedThisWindow >= this.capacity) return false;
    const elapsed = Math.max(0, nowMs - this.lastRefillMs);
    this.tokens = Math.min(this.capacity, this.tokens + (elapsed * this.limit) / WINDOW_MS);
    this.lastRefillMs = nowMs;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }

  private advanceWindow(nowMs: number): void {
    const elapsed = nowMs - this.windowStartMs;
    if (elapsed < WINDOW_MS) return;
    if (elapsed < 2 * WINDOW_MS) {
      this.allowedPreviousWindow = this.allowedThisWindow;
      this.requestedPreviousWindow = this.requestedThisWindow;
      this.windowStartMs += WINDOW_MS;
    } else {
      // A whole window passed without requests: nothing recent to report.
      this.allowedPreviousWindow = 0;
      this.requestedPreviousWindow = 0;
      this.windowStartMs = nowMs;
    }
    this.allowedThisWindow = 0;
    this.requestedThisWindow = 0;
  }
}
