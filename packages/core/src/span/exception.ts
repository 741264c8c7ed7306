import type { Attributes, Exception } from '@opentelemetry/api';

export interface ExceptionDetails {
  type: string | undefined;
  message: string | undefined;
  stack: string | undefined;
}

function readString(source: object, key: string): string | undefined {
  try {
    const value: unknown = (source as Record<string, unknown>)[key];
    if (typeof value === 'string') return value;
    if (typeof value === 'number') return String(value);
  } catch {
    // A throwing getter on the app's error object must not escape into the app.
  }
  return undefined;
}

/**
 * Reads type, message and stack from whatever was thrown: an `Error`, a string, an OTel
 * `Exception` object, or anything else. Never throws.
 */
export function describeException(exception: Exception | unknown): ExceptionDetails {
  if (typeof exception === 'string') return { type: undefined, message: exception, stack: undefined };
  if (exception === null || typeof exception !== 'object') {
    return { type: undefined, message: exception === undefined ? undefined : safeString(exception), stack: undefined };
  }
  let type = readString(exception, 'name');
  if (type === undefined || type === 'Error') {
    try {
      const ctorName: unknown = (exception as { constructor?: { name?: unknown } }).constructor?.name;
      if (typeof ctorName === 'string' && ctorName !== 'Object' && ctorName !== '') type = ctorName;
    } catch {
      // ignore: keep what we have
    }
  }
  const message = readString(exception, 'message') ?? readString(exception, 'code');
  return { type, message, stack: readString(exception, 'stack') };
}

function safeString(value: unknown): string | undefined {
  try {
    return String(value);
  } catch {
    return undefined;
  }
}

/** The OTel `exception` event's attributes for what `describeException` read. */
export function exceptionEventAttributes(details: ExceptionDetails): Attributes {
  const attributes: Attributes = {};
  if (details.type !== undefined) attributes['exception.type'] = details.type;
  if (details.message !== undefined) attributes['exception.message'] = details.message;
  if (details.stack !== undefined) attributes['exception.stacktrace'] = details.stack;
  return attributes;
}
