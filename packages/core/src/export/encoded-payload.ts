import type { TraceChunk, TraceEncoder } from '../encode/span-record.js';

/**
 * A payload taken from the encoder, kept with its chunks until the Agent acknowledged it: a 413
 * answer needs them to re-encode the payload in two halves.
 */
export interface EncodedPayload {
  bytes: Uint8Array;
  chunks: TraceChunk[];
  traceCount: number;
  spanCount: number;
}

export function countSpans(chunks: readonly TraceChunk[]): number {
  let spans = 0;
  for (const chunk of chunks) spans += chunk.length;
  return spans;
}

/** Encodes `chunks` with a fresh encoder; throws what the encoder throws. */
export function encodeChunks(encoder: TraceEncoder, chunks: TraceChunk[]): EncodedPayload {
  for (const chunk of chunks) encoder.append(chunk);
  return { bytes: encoder.takePayload(), chunks, traceCount: chunks.length, spanCount: countSpans(chunks) };
}

/** The two halves (by chunk count) of a payload's chunks; a single chunk cannot be split. */
export function splitChunks(chunks: TraceChunk[]): [TraceChunk[], TraceChunk[]] | undefined {
  if (chunks.length < 2) return undefined;
  const middle = Math.ceil(chunks.length / 2);
  return [chunks.slice(0, middle), chunks.slice(middle)];
}
