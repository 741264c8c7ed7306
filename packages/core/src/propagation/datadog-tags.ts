import { traceIdHigh } from './ids.js';

/** `_dd.propagation_error` values (Datadog's cross-tracer names). */
export const EXTRACT_MAX_SIZE = 'extract_max_size';
export const INJECT_MAX_SIZE = 'inject_max_size';
export const DECODING_ERROR = 'decoding_error';
export const ENCODING_ERROR = 'encoding_error';

// Spec §6.2: keys are `_dd.p.` + printable ASCII without space and comma; values without comma.
const TAG_KEY = /^_dd\.p\.[\x21-\x2b\x2d-\x7e]+$/;
const TAG_VALUE = /^[\x20-\x2b\x2d-\x7e]*$/;
const HEX16_ANY_CASE = /^[0-9a-fA-F]{16}$/;
const PROPAGATED_PREFIX = '_dd.p.';
const TID_TAG = '_dd.p.tid';

export interface EncodedDatadogTags {
  /** The `x-datadog-tags` value, undefined when there is nothing (or nothing valid) to send. */
  readonly header: string | undefined;
  readonly error: string | undefined;
}

/**
 * `x-datadog-tags` from the trace's `_dd.p.*` tags plus `_dd.p.tid` from the trace id. All or
 * nothing: one invalid pair or a header longer than `maxLength` sends no header and reports
 * why. `maxLength` 0 turns the header off.
 */
export function encodeDatadogTags(
  tags: Readonly<Record<string, string>>,
  traceId: string,
  maxLength: number,
): EncodedDatadogTags {
  if (maxLength <= 0) return { header: undefined, error: undefined };
  const pairs: string[] = [];
  for (const key in tags) {
    const value = tags[key];
    if (!key.startsWith(PROPAGATED_PREFIX) || key === TID_TAG || !value) continue;
    if (!TAG_KEY.test(key) || !TAG_VALUE.test(value)) return { header: undefined, error: ENCODING_ERROR };
    pairs.push(`${key}=${value}`);
  }
  const high = traceIdHigh(traceId);
  if (high !== undefined) pairs.push(`${TID_TAG}=${high}`);
  const header = pairs.join(',');
  if (header.length > maxLength) return { header: undefined, error: INJECT_MAX_SIZE };
  return { header: header === '' ? undefined : header, error: undefined };
}

export interface DecodedDatadogTags {
  /** `_dd.p.*` without `_dd.p.tid`. */
  readonly tags: Record<string, string>;
  /** `_dd.p.tid` (16 lower-hex chars) when valid. */
  readonly traceIdHigh: string | undefined;
  readonly error: string | undefined;
}

const NOTHING: DecodedDatadogTags = Object.freeze({ tags: {}, traceIdHigh: undefined, error: undefined });

/**
 * Reads `x-datadog-tags`. Too long → nothing (`extract_max_size`); one malformed pair → nothing
 * (`decoding_error`); a `_dd.p.tid` that is not 16 hex is dropped alone (`malformed_tid`).
 */
export function decodeDatadogTags(header: string | undefined, maxLength: number): DecodedDatadogTags {
  if (header === undefined || header === '' || maxLength <= 0) return { ...NOTHING, tags: {} };
  if (header.length > maxLength) return { tags: {}, traceIdHigh: undefined, error: EXTRACT_MAX_SIZE };
  const tags: Record<string, string> = {};
  let high: string | undefined;
  let error: string | undefined;
  for (const rawPair of header.split(',')) {
    const pair = rawPair.trim();
    const equals = pair.indexOf('=');
    const key = equals > 0 ? pair.slice(0, equals) : '';
    const value = pair.slice(equals + 1);
    if (!TAG_KEY.test(key) || !TAG_VALUE.test(value)) {
      return { tags: {}, traceIdHigh: undefined, error: DECODING_ERROR };
    }
    if (key === TID_TAG) {
      if (HEX16_ANY_CASE.test(value)) high = value.toLowerCase();
      else error = `malformed_tid ${value}`;
      continue;
    }
    if (value !== '') tags[key] = value;
  }
  return { tags, traceIdHigh: high, error };
}
