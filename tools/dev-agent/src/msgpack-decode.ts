import { Unpackr } from 'msgpackr';
import { inspectMsgpack } from './msgpack-inspect.js';
import type { DecodedPayload } from './wire-facts.js';

// Maps stay `Map`s so non-string keys (v0.5 string-table indices, or a wrong key type in v0.4)
// survive decoding; 64-bit integers come back as exact bigints.
const unpackr = new Unpackr({ useRecords: false, mapsAsObjects: false, int64AsType: 'bigint' });

/** Decodes one msgpack value that must span the whole buffer; throws with a readable message. */
export function decodeMsgpack(bytes: Uint8Array): DecodedPayload {
  if (bytes.byteLength === 0) throw new Error('empty body');
  let value: unknown;
  try {
    value = unpackr.unpack(bytes);
  } catch (error) {
    throw new Error(`invalid msgpack: ${error instanceof Error ? error.message : String(error)}`);
  }
  return { value, facts: inspectMsgpack(bytes) };
}
