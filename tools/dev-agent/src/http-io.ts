import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: OutgoingHttpHeaders = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...headers,
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(text),
  });
  res.end(text);
}

export function sendEmpty(res: ServerResponse, status: number): void {
  res.writeHead(status, { 'Content-Length': 0 });
  res.end();
}

export type BodyResult = { ok: true; body: Buffer } | { ok: false; receivedBytes: number };

/**
 * Reads a request body up to `limit` bytes. Past the limit it stops buffering (the rest is
 * discarded as it arrives) and reports how much was seen, so the caller can answer 413.
 */
export function readBody(req: IncomingMessage, limit: number): Promise<BodyResult> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let received = 0;
    req.on('data', (chunk: Buffer) => {
      received += chunk.length;
      if (received <= limit) chunks.push(chunk);
      else chunks.length = 0;
    });
    req.on('end', () => {
      resolve(received <= limit ? { ok: true, body: Buffer.concat(chunks, received) } : { ok: false, receivedBytes: received });
    });
    req.on('error', reject);
    // An aborted upload may close without 'end' or 'error'; never leave the caller hanging.
    req.on('close', () => {
      if (!req.complete) reject(new Error('request aborted before its body was complete'));
    });
  });
}
