import { MAX_META_VALUE_LENGTH } from './normalize.js';

/** A UTF-16 code unit never takes more than 3 UTF-8 bytes (pairs take 4 for 2 units). */
const MAX_UTF8_BYTES_PER_UNIT = 3;

/**
 * Joins already-serialised JSON values into a JSON array, keeping the leading items whose total
 * stays within the Agent's meta value limit (counted in UTF-8 bytes, as the Agent does). The
 * Agent would otherwise cut the string and append `...`, leaving invalid JSON. Returns
 * `undefined` when nothing fits or `items` is empty.
 */
export function joinJsonItemsWithinLimit(
  items: readonly string[],
  maxBytes: number = MAX_META_VALUE_LENGTH,
): string | undefined {
  if (items.length === 0) return undefined;
  if (items.length === 1) {
    const only = items[0] as string;
    if ((only.length + 2) * MAX_UTF8_BYTES_PER_UNIT <= maxBytes) return `[${only}]`;
  }
  let units = 1 + items.length; // brackets and commas
  for (const item of items) units += item.length;
  if (units * MAX_UTF8_BYTES_PER_UNIT <= maxBytes) return `[${items.join(',')}]`;

  let bytes = 2;
  let kept = 0;
  for (const item of items) {
    const itemBytes = Buffer.byteLength(item, 'utf8') + (kept > 0 ? 1 : 0);
    if (bytes + itemBytes > maxBytes) break;
    bytes += itemBytes;
    kept++;
  }
  if (kept === 0) return undefined;
  return `[${(kept === items.length ? items : items.slice(0, kept)).join(',')}]`;
}

/** `joinJsonItemsWithinLimit([item])`, without the array. */
export function jsonArrayOfOneWithinLimit(item: string, maxBytes: number = MAX_META_VALUE_LENGTH): string | undefined {
  if ((item.length + 2) * MAX_UTF8_BYTES_PER_UNIT <= maxBytes) return `[${item}]`;
  return Buffer.byteLength(item, 'utf8') + 2 <= maxBytes ? `[${item}]` : undefined;
}
