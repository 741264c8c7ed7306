import type { RecordedRequestError } from './shared-state.js';

export interface RequestErrorDetails extends RecordedRequestError {
  /** React's/Next's error digest, when the error carries one. */
  digest: string | undefined;
}

/**
 * Digests of the errors Next throws for control flow (`redirect()`, `notFound()`, dynamic
 * bail-outs). They are not failures; Next normally filters them before `onRequestError`.
 */
const CONTROL_FLOW_DIGEST =
  /^(?:NEXT_REDIRECT|NEXT_HTTP_ERROR_FALLBACK|NEXT_NOT_FOUND|DYNAMIC_SERVER_USAGE|BAILOUT_TO_CLIENT_SIDE_RENDERING|NEXT_PRERENDER_INTERRUPTED|HANGING_PROMISE_REJECTION)\b/;

/** React's production placeholder for Server Components errors: the real message is gone. */
const REDACTED_MESSAGE = /message is omitted in production/i;

export function isControlFlowError(details: RequestErrorDetails): boolean {
  return details.digest !== undefined && CONTROL_FLOW_DIGEST.test(details.digest);
}

/**
 * Type, message, stack and digest of whatever reached `onRequestError`: an `Error` (possibly a
 * copy React made), or any other thrown value (the Pages Router passes those through). When
 * React redacted the message, the digest is added so the error can be matched to the server log.
 * Never throws.
 */
export function describeRequestError(error: unknown): RequestErrorDetails {
  if (error === null || typeof error !== 'object') {
    return { type: 'Error', message: safeString(error), stack: undefined, digest: undefined };
  }
  const digest = readString(error, 'digest');
  const type = readString(error, 'name') ?? constructorName(error) ?? 'Error';
  let message = readString(error, 'message');
  if (digest !== undefined && (message === undefined || message === '' || REDACTED_MESSAGE.test(message))) {
    message = message ? `${message} (digest: ${digest})` : `digest: ${digest}`;
  }
  return { type, message, stack: readString(error, 'stack'), digest };
}

function readString(source: object, key: string): string | undefined {
  try {
    const value: unknown = (source as Record<string, unknown>)[key];
    return typeof value === 'string' && value !== '' ? value : undefined;
  } catch {
    // A throwing getter on the app's error must not escape into Next's error handling.
    return undefined;
  }
}

function constructorName(source: object): string | undefined {
  try {
    const name: unknown = (source as { constructor?: { name?: unknown } }).constructor?.name;
    return typeof name === 'string' && name !== '' && name !== 'Object' ? name : undefined;
  } catch {
    return undefined;
  }
}

function safeString(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  try {
    return String(value);
  } catch {
    return undefined;
  }
}
