import type { MsgpackWriter } from './msgpack-writer.js';
import { preEncode, type PreEncoded } from './pre-encoded.js';

/**
 * Bounds the cache: tag keys are mostly a small fixed set (`http.method`, `http.url`,
 * `component`, …), but an app may make keys from data, which must not grow memory. Past the
 * bound, new keys are simply encoded each time.
 */
const MAX_CACHED_KEYS = 512;
const MAX_FIXSTR_LENGTH = 31;

/** Key → its fixstr bytes, for keys `preEncode` accepts (printable ASCII, ≤ 31 chars). */
const encodedKeys = new Map<string, PreEncoded>();

function isPrintableAscii(key: string): boolean {
  for (let i = 0; i < key.length; i++) {
    const code = key.charCodeAt(i);
    if (code < 0x20 || code > 0x7e) return false;
  }
  return true;
}

/**
 * Writes a meta/metrics key. A cached key costs a look-up (the hash of a property-name string
 * is precomputed) and a few 32-bit stores, about half of encoding it char by char, and a
 * request span writes 20–30 keys. The bytes are the same either way (`str` writes a short ASCII
 * string as the same fixstr).
 */
export function writeKey(writer: MsgpackWriter, key: string): void {
  writeKeyWith(writer, key, encodedKey(key));
}

/** Writes `key` from its `encodedKey` bytes when it has them, else char by char. */
export function writeKeyWith(writer: MsgpackWriter, key: string, encoded: PreEncoded | undefined): void {
  if (encoded !== undefined) writer.raw(encoded);
  else writer.str(key);
}

/**
 * The fixstr bytes of `key`, cached (now, if it was not yet) when the key qualifies; undefined
 * for a key that is written char by char. For writers that keep the bytes of the keys they
 * write again and again (`AttributeEntriesV04`), which then skip even the look-up.
 */
export function encodedKey(key: string): PreEncoded | undefined {
  let encoded = encodedKeys.get(key);
  if (encoded === undefined && encodedKeys.size < MAX_CACHED_KEYS && key.length <= MAX_FIXSTR_LENGTH && isPrintableAscii(key)) {
    encoded = preEncode(key);
    encodedKeys.set(key, encoded);
  }
  return encoded;
}

/** How many keys are cached (tests check the bound). */
export function cachedKeyCount(): number {
  return encodedKeys.size;
}
