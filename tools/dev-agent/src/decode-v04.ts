import { isUtf8 } from 'node:buffer';
import { locateInTraces, processChunks, reportInvalidStrings, type DecodedTraces, type WireChunks } from './decode-chunks.js';
import { decodeJson } from './json-decode.js';
import { decodeMsgpack } from './msgpack-decode.js';
import type { ProblemCollector } from './problems.js';
import type { DecodedPayload } from './wire-facts.js';
import { describeWireType, isMap } from './wire-values.js';

/** `application/msgpack` (default) or JSON (`application/json`, `text/json`), as the Agent decides. */
export function isJsonContentType(contentType: string | undefined, body: Uint8Array): boolean {
  const media = contentType?.split(';')[0]?.trim().toLowerCase();
  if (media === 'application/json' || media === 'text/json') return true;
  if (media !== undefined && media !== '') return false;
  // No Content-Type: the Agent assumes JSON; sniff so a msgpack body without the header still decodes.
  const first = body.find((byte) => byte !== 0x20 && byte !== 0x0a && byte !== 0x0d && byte !== 0x09);
  return first === 0x5b; // '['
}

/** Decodes and validates a v0.4 payload: an array of traces, each an array of span maps. */
export function decodeV04(body: Uint8Array, contentType: string | undefined, collector: ProblemCollector): DecodedTraces {
  const json = isJsonContentType(contentType, body);
  if (json && !isUtf8(body)) collector.report('string.invalid-utf8', 'the JSON body is not valid UTF-8 (decoded with U+FFFD replacements)');
  let decoded: DecodedPayload;
  try {
    decoded = json ? decodeJson(Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8')) : decodeMsgpack(body);
  } catch (error) {
    collector.report('payload.decode', (error as Error).message);
    return { traces: [], chunkCount: undefined };
  }
  const { value: payload, facts } = decoded;
  if (!Array.isArray(payload)) {
    collector.report('payload.shape', `payload must be an array of traces, got ${describeWireType(payload)}`);
    return { traces: [], chunkCount: undefined };
  }
  const chunks: WireChunks = payload.map((chunk: unknown, traceIndex) => {
    if (!Array.isArray(chunk)) {
      collector.report('payload.shape', `a trace must be an array of spans, got ${describeWireType(chunk)}`, { traceIndex });
      return undefined;
    }
    return chunk.map((fields: unknown, spanIndex) => {
      if (!isMap(fields)) {
        collector.report('payload.shape', `a span must be a map, got ${describeWireType(fields)}`, { traceIndex, spanIndex });
        return undefined;
      }
      return { fields, wirePath: (relative) => [traceIndex, spanIndex, ...relative] };
    });
  });
  reportInvalidStrings(facts, collector, locateInTraces);
  return { traces: processChunks(chunks, facts, collector, '0.4'), chunkCount: payload.length };
}
