import type { TextMapGetter } from '@opentelemetry/api';

/**
 * One header value as a string: the first of repeated values, undefined when absent or not a
 * string. Getters are app code, so callers run this inside their own try/catch.
 */
export function readHeader<Carrier>(carrier: Carrier, getter: TextMapGetter<Carrier>, name: string): string | undefined {
  const value = getter.get(carrier, name);
  const first = Array.isArray(value) ? value[0] : value;
  return typeof first === 'string' ? first : undefined;
}

/** All values of a list-valued header (`tracestate`, `baggage`) joined with commas. */
export function readListHeader<Carrier>(
  carrier: Carrier,
  getter: TextMapGetter<Carrier>,
  name: string,
): string | undefined {
  const value = getter.get(carrier, name);
  if (Array.isArray(value)) {
    const strings = value.filter((item): item is string => typeof item === 'string');
    return strings.length === 0 ? undefined : strings.join(',');
  }
  return typeof value === 'string' ? value : undefined;
}

// Node's http module throws ERR_INVALID_CHAR for anything else in a header value.
const VALID_HEADER_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;

/** True when Node would accept the string as a header value. */
export function isValidHeaderValue(value: string): boolean {
  return VALID_HEADER_VALUE.test(value);
}
