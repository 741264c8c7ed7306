import type { AttributeValue, Attributes } from '@opentelemetry/api';
import { normalizeTagValue } from './normalize-tag-value.js';

/**
 * Attribute value as the Agent's OTLP code reads it (`pcommon.Value.AsString`): strings as is,
 * numbers and booleans in decimal/`true`/`false`, arrays as JSON. Absent → `''`.
 */
export function attributeAsString(value: AttributeValue | null | undefined): string {
  switch (typeof value) {
    case 'string':
      return value;
    case 'number':
    case 'boolean':
      return String(value);
    case 'object':
      return value === null ? '' : JSON.stringify(value);
    default:
      return '';
  }
}

/**
 * The Agent's `GetOTelAttrVal`: the value of the FIRST of `keys` that is present (even if it
 * converts to `''`), as a string; `normalize` applies `NormalizeTagValue`.
 */
export function lookupAttribute(
  attributes: Attributes,
  normalize: boolean,
  key: string,
  fallbackKey?: string,
): string {
  let value = attributes[key];
  if ((value === undefined || value === null) && fallbackKey !== undefined) {
    value = attributes[fallbackKey];
  }
  const text = attributeAsString(value);
  return normalize && text !== '' ? normalizeTagValue(text) : text;
}
