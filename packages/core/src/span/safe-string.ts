/**
 * `String(value)` for names the app passes (span and event names): never throws, whatever the
 * value (a symbol, an object whose `toString` throws, a revoked proxy); `fallback` then.
 */
export function toSafeString(value: unknown, fallback = ''): string {
  if (typeof value === 'string') return value;
  try {
    return String(value);
  } catch {
    return fallback;
  }
}
