/** Tuning of the exporter's retries; every field has a production default. */
export interface RetryPolicyOptions {
  /** Delay before the second attempt, doubled for each further one. Default 250 ms. */
  initialDelayMs?: number;
  /** Upper bound of one delay. Default 8000 ms. */
  maxDelayMs?: number;
  /** Attempts per payload, the first one included. Default 5. */
  maxAttempts?: number;
  /** Source of jitter in [0, 1). Default `Math.random`. */
  random?: () => number;
}

/**
 * Error codes that mean "the Agent is not reachable right now" (restarting, not yet up, socket
 * not yet created, DNS hiccup): a later attempt may well succeed.
 */
const RETRYABLE_ERROR_CODES: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EAI_AGAIN',
  'ENOENT',
  'EHOSTUNREACH',
  'ENETUNREACH',
]);

/** Whether a failed request (no HTTP status) is worth another attempt. */
export function isRetryableNetworkError(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, message } = error as { code?: unknown; message?: unknown };
  if (typeof code === 'string' && RETRYABLE_ERROR_CODES.has(code)) return true;
  return typeof message === 'string' && /socket hang up|timed? ?out/i.test(message);
}

/**
 * Whether an HTTP status is worth another attempt: the Agent answers 408 when reading the body
 * timed out, 429 when its decoders are busy and 5xx while unhealthy; all of these pass. Other 4xx
 * mean the payload itself is at fault and resending it cannot help.
 */
export function isRetryableStatus(statusCode: number): boolean {
  return statusCode === 408 || statusCode === 429 || statusCode >= 500;
}

function checkNonNegative(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new TypeError(`retry.${name} must be a finite number >= 0, got ${String(value)}`);
  }
  return value;
}

/** Exponential back-off with "equal jitter": half the delay is fixed, half random. */
export class RetryPolicy {
  readonly maxAttempts: number;
  private readonly initialDelayMs: number;
  private readonly maxDelayMs: number;
  private readonly random: () => number;

  constructor(options: RetryPolicyOptions = {}) {
    this.initialDelayMs = checkNonNegative('initialDelayMs', options.initialDelayMs, 250);
    this.maxDelayMs = checkNonNegative('maxDelayMs', options.maxDelayMs, 8000);
    const maxAttempts = checkNonNegative('maxAttempts', options.maxAttempts, 5);
    if (!Number.isInteger(maxAttempts) || maxAttempts < 1) {
      throw new TypeError(`retry.maxAttempts must be an integer >= 1, got ${maxAttempts}`);
    }
    this.maxAttempts = maxAttempts;
    if (options.random !== undefined && typeof options.random !== 'function') {
      throw new TypeError('retry.random must be a function');
    }
    this.random = options.random ?? Math.random;
  }

  /** Delay before the next attempt, after `failedAttempts` (>= 1) attempts failed. */
  delayAfter(failedAttempts: number): number {
    const exponent = Math.min(Math.max(failedAttempts - 1, 0), 30);
    const ceiling = Math.min(this.maxDelayMs, this.initialDelayMs * 2 ** exponent);
    const jitter = Math.min(Math.max(this.random(), 0), 1);
    return Math.round(ceiling / 2 + (ceiling / 2) * jitter);
  }
}
