/**
 * Constant MessagePack fragments (map keys, with the fixed bytes around them) prepared once, so
 * writing one costs a single call and a few 32-bit stores. Keys are ~40% of a span's bytes, and
 * on the machines we measured each writer call costs about as much as writing 10 bytes.
 */
export interface PreEncoded {
  readonly byteLength: number;
  /** The leading bytes as big-endian 32-bit words. */
  readonly words: Uint32Array;
  /** The 0–3 bytes after the words. */
  readonly tail: Uint8Array;
}

/**
 * Concatenates fragments: a string becomes a fixstr (printable ASCII, at most 31 chars), a
 * number is one raw byte (a header or a small int already in MessagePack form).
 */
export function preEncode(...parts: Array<string | number>): PreEncoded {
  const bytes: number[] = [];
  for (const part of parts) {
    if (typeof part === 'number') {
      if (!Number.isInteger(part) || part < 0 || part > 0xff) throw new TypeError(`not a byte: ${part}`);
      bytes.push(part);
    } else {
      if (part.length > 31 || !/^[\x20-\x7e]*$/.test(part)) {
        throw new TypeError(`key must be printable ASCII of at most 31 chars, got ${JSON.stringify(part)}`);
      }
      bytes.push(0xa0 | part.length);
      for (let i = 0; i < part.length; i++) bytes.push(part.charCodeAt(i));
    }
  }
  return preEncodeBytes(Uint8Array.from(bytes));
}

/** Any already-encoded MessagePack bytes (e.g. whole key/value entries) as a `PreEncoded`. */
export function preEncodeBytes(bytes: Uint8Array): PreEncoded {
  const wordCount = bytes.length >> 2;
  const words = new Uint32Array(wordCount);
  for (let i = 0; i < wordCount; i++) {
    const at = i * 4;
    words[i] = ((bytes[at]! << 24) | (bytes[at + 1]! << 16) | (bytes[at + 2]! << 8) | bytes[at + 3]!) >>> 0;
  }
  return { byteLength: bytes.length, words, tail: bytes.slice(wordCount * 4) };
}
