/**
 * Length limits and fallbacks of the Datadog Agent's span normalizer and truncator
 * (spec §7.3). Applying them here means the Agent never has to rewrite our spans, and the
 * JSON-valued meta entries we build are never cut by it into invalid JSON.
 */

export const MAX_SERVICE_LENGTH = 100;
export const MAX_NAME_LENGTH = 100;
export const MAX_RESOURCE_LENGTH = 5000;
export const MAX_TYPE_LENGTH = 100;
export const MAX_META_KEY_LENGTH = 200;
export const MAX_META_VALUE_LENGTH = 25_000;

export const DEFAULT_SERVICE_NAME = 'unnamed-service';
export const DEFAULT_OPERATION_NAME = 'unnamed_operation';

const TRUNCATION_SUFFIX = '...';

/**
 * Cuts `value` to at most `maxLength` UTF-16 code units without splitting a surrogate pair
 * (a split pair would reach the Agent as U+FFFD).
 */
export function truncateString(value: string, maxLength: number): string {
  if (value.length <= maxLength) return value;
  let end = maxLength;
  const last = value.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1;
  return value.slice(0, end);
}

/** Meta/metrics key: longer than 200 → first 200 + `...` (Agent truncator behaviour). */
export function truncateTagKey(key: string): string {
  return key.length > MAX_META_KEY_LENGTH
    ? truncateString(key, MAX_META_KEY_LENGTH) + TRUNCATION_SUFFIX
    : key;
}

/** Meta value: longer than 25 000 → first 25 000 + `...` (Agent truncator behaviour). */
export function truncateMetaValue(value: string): string {
  return value.length > MAX_META_VALUE_LENGTH
    ? truncateString(value, MAX_META_VALUE_LENGTH) + TRUNCATION_SUFFIX
    : value;
}

export function normalizeServiceName(service: string): string {
  return service === '' ? DEFAULT_SERVICE_NAME : truncateString(service, MAX_SERVICE_LENGTH);
}

export function normalizeOperationName(name: string): string {
  return name === '' ? DEFAULT_OPERATION_NAME : truncateString(name, MAX_NAME_LENGTH);
}

/** An empty resource falls back to the (already normalised) operation name. */
export function normalizeResourceName(resource: string, operationName: string): string {
  return resource === '' ? operationName : truncateString(resource, MAX_RESOURCE_LENGTH);
}

export function normalizeSpanType(type: string): string {
  return truncateString(type, MAX_TYPE_LENGTH);
}
