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
  /** All the bytes: long fragments are copied natively (see `MsgpackWriter.raw`). */
  readonly bytes: Uint8Array;
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
  return { byteLength: bytes.length, words, tail: bytes.slice(wordCount * 4), bytes: Uint8Array.from(bytes) };
}

/** A `PreEncoded` with 32-bit holes, for `MsgpackWriter.rawWithWords`. */
export interface PreEncodedTemplate {
  readonly template: PreEncoded;
  /** Byte offset of each hole, in order. */
  readonly holes: Uint8Array;
}

/** A hole in a template: four bytes filled when it is written. */
export const WORD_HOLE = Symbol('word hole');

/** Like `preEncode`, with `WORD_HOLE` parts left as 4-byte holes. */
export function preEncodeTemplate(...parts: Array<string | number | typeof WORD_HOLE>): PreEncodedTemplate {
  const fixed: Array<string | number> = [];
  const holes: number[] = [];
  let length = 0;
  for (const part of parts) {
    if (part === WORD_HOLE) {
      holes.push(length);
      fixed.push(0, 0, 0, 0);
      length += 4;
    } else {
      fixed.push(part);
      length += typeof part === 'number' ? 1 : 1 + part.length;
    }
  }
  if (length > 0xff) throw new RangeError('template too long for byte offsets');
  return { template: preEncode(...fixed), holes: Uint8Array.from(holes) };
}
