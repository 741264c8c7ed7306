/**
 * Constant MessagePack fragments (map keys) prepared once, so writing one costs a few 32-bit
 * stores instead of a byte loop: keys are ~40% of a span's bytes.
 */
export interface PreEncoded {
  readonly byteLength: number;
  /** The leading bytes as big-endian 32-bit words. */
  readonly words: Uint32Array;
  /** The 0–3 bytes after the words. */
  readonly tail: Uint8Array;
}

/** A short ASCII constant as a fixstr (the only kind of constant the encoders need). */
export function preEncodeKey(key: string): PreEncoded {
  if (key.length > 31 || !/^[\x20-\x7e]*$/.test(key)) {
    throw new TypeError(`key must be printable ASCII of at most 31 chars, got ${JSON.stringify(key)}`);
  }
  const bytes = Buffer.from(String.fromCharCode(0xa0 | key.length) + key, 'latin1');
  const wordCount = bytes.length >> 2;
  const words = new Uint32Array(wordCount);
  for (let i = 0; i < wordCount; i++) words[i] = bytes.readUInt32BE(i * 4);
  return { byteLength: bytes.length, words, tail: new Uint8Array(bytes.subarray(wordCount * 4)) };
}
